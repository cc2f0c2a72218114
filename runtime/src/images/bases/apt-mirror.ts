import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AptSource {
  uri: string;
  suites: string[];
  components: string[];
}

/** The one-line format of /etc/apt/sources.list and *.list: `deb [options] URI SUITE COMPONENT...`. */
export function parseOneLineSources(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    const match = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line);
    if (match)
      out.push({
        uri: match[1] as string,
        suites: [match[2] as string],
        components: (match[3] ?? '').split(/\s+/).filter(Boolean),
      });
  }
  return out;
}

/** The deb822 format of *.sources: stanzas of `Field: value` separated by blank lines. */
export function parseDeb822Sources(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    let last = '';
    for (const raw of stanza.split('\n')) {
      if (raw.startsWith('#')) continue;
      if (/^\s/.test(raw) && last) {
        fields[last] = `${fields[last]} ${raw.trim()}`;
        continue;
      }
      const match = /^([A-Za-z-]+):\s*(.*)$/.exec(raw);
      if (match) {
        last = (match[1] as string).toLowerCase();
        fields[last] = (match[2] as string).trim();
      }
    }
    if (!(fields.types ?? '').split(/\s+/).includes('deb') || fields.enabled === 'no') continue;
    const words = (name: string) => (fields[name] ?? '').split(/\s+/).filter(Boolean);
    for (const uri of words('uris')) out.push({ uri, suites: words('suites'), components: words('components') });
  }
  return out;
}

/**
 * The mirror the machine itself installs `suite` from (its main component), so a base image is
 * built from the same packages the machine sees, through the same network path.
 */
export function mirrorFor(sources: AptSource[], suite: string): string | undefined {
  const source = sources.find((s) => s.suites.includes(suite) && s.components.includes('main'));
  return source?.uri.replace(/\/+$/, '');
}

/** Every source the machine's apt reads: sources.list and sources.list.d/*.list|*.sources. */
export function machineAptSources(root = '/etc/apt'): AptSource[] {
  const sources: AptSource[] = [];
  const list = join(root, 'sources.list');
  if (existsSync(list)) sources.push(...parseOneLineSources(readFileSync(list, 'utf8')));
  const dir = join(root, 'sources.list.d');
  if (existsSync(dir)) {
    for (const file of readdirSync(dir).sort()) {
      const text = readFileSync(join(dir, file), 'utf8');
      if (file.endsWith('.list')) sources.push(...parseOneLineSources(text));
      else if (file.endsWith('.sources')) sources.push(...parseDeb822Sources(text));
    }
  }
  return sources;
}
