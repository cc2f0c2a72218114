import { AIRFLOW_USER, type Settings } from '@platform/config';
import { type Browser, chromium } from 'playwright-core';
import { ensureAptExecutable } from '../../../runtime/src/install/apt-package.js';

/** Debian's chromium, as `apt-cache policy chromium` showed it when pinned; installed when missing (as root). */
const CHROMIUM = { name: 'chromium', version: '156.0.8078.114-1~deb12u1' };

/**
 * Airflow's own UI in a real browser, used as a person would: the login form, the DAG list, the
 * DAG page's Trigger button and its dialog. Nothing here calls the REST API.
 */
export class AirflowUi {
  private constructor(
    private readonly browser: Browser,
    private readonly base: string,
  ) {}

  static async launch(settings: Settings, log: (message: string) => void): Promise<AirflowUi> {
    const executablePath = ensureAptExecutable('chromium', CHROMIUM, log);
    // Root in a container-less sandbox: chromium's own sandbox cannot start; /dev/shm is small.
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    return new AirflowUi(browser, `http://127.0.0.1:${settings.airflow.port}`);
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Logs in as `airflow` and returns the DAG ids the list shows. */
  async loginAndListDags(password: string): Promise<{ page: import('playwright-core').Page; dagIds: string[] }> {
    const page = await this.browser.newPage({ viewport: { width: 1600, height: 1000 } });
    await page.goto(`${this.base}/`);
    await page.getByLabel('Username').fill(AIRFLOW_USER);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${this.base}/dags`);
    await page.getByText(/^\d+ Dags$/).waitFor({ timeout: 60_000 });
    const hrefs = await page
      .locator('a[href^="/dags/"]')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
    const dagIds = [...new Set(hrefs.map((href) => decodeURIComponent(href.split('/')[2] ?? '')))].filter(Boolean);
    return { page, dagIds };
  }

  /** Presses the DAG page's Trigger button and the dialog's Trigger, with the form's defaults. */
  async trigger(page: import('playwright-core').Page, dagId: string): Promise<void> {
    await page.goto(`${this.base}/dags/${encodeURIComponent(dagId)}`);
    await page.getByRole('link', { name: 'Overview' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Trigger Dag' }).click();
    const dialog = page.getByRole('dialog').filter({ hasText: `Trigger Dag - ${dagId}` });
    await dialog.getByRole('button', { name: 'Trigger', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 30_000 });
  }

  /** A screenshot of the run's graph, as the UI draws it. */
  async graph(page: import('playwright-core').Page, dagId: string, runId: string, path: string): Promise<void> {
    await page.goto(`${this.base}/dags/${encodeURIComponent(dagId)}/runs/${encodeURIComponent(runId)}?mode=graph`);
    await page.waitForLoadState('networkidle');
    await page.screenshot({ path, fullPage: true });
  }
}
