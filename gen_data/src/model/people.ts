import type { Rng } from '../random/prng.js';
import { weightedPick } from '../random/weighted.js';

/** Vietnamese naming: family name, middle name, given name; Nguyễn alone is about 38%. */
const FAMILY: readonly [string, number][] = [
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Hoàng', 5],
  ['Huỳnh', 5],
  ['Phan', 4.5],
  ['Vũ', 3.9],
  ['Võ', 3.9],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
];
const MIDDLE_MALE = ['Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thành', 'Công', 'Xuân', 'Gia', 'Anh'];
const MIDDLE_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Mai', 'Kim', 'Bảo', 'Phương', 'Hồng', 'Khánh'];
const GIVEN_MALE = [
  'An',
  'Bình',
  'Cường',
  'Dũng',
  'Đạt',
  'Hải',
  'Hiếu',
  'Hùng',
  'Huy',
  'Khoa',
  'Long',
  'Minh',
  'Nam',
  'Phong',
  'Phúc',
  'Quân',
  'Sơn',
  'Tài',
  'Thắng',
  'Trung',
  'Tuấn',
  'Việt',
  'Vinh',
];
const GIVEN_FEMALE = [
  'Anh',
  'Chi',
  'Giang',
  'Hà',
  'Hạnh',
  'Hoa',
  'Hương',
  'Lan',
  'Linh',
  'Mai',
  'My',
  'Nga',
  'Ngân',
  'Nhung',
  'Oanh',
  'Phương',
  'Quyên',
  'Thảo',
  'Trang',
  'Uyên',
  'Vy',
  'Yến',
];
const STREETS = [
  'Lê Lợi',
  'Trần Hưng Đạo',
  'Nguyễn Huệ',
  'Hai Bà Trưng',
  'Lý Thường Kiệt',
  'Nguyễn Trãi',
  'Lê Duẩn',
  'Điện Biên Phủ',
  'Cách Mạng Tháng Tám',
  'Phan Đình Phùng',
  'Quang Trung',
  'Hùng Vương',
  'Võ Văn Tần',
  'Pasteur',
  'Nguyễn Văn Linh',
  'Lạc Long Quân',
  'Trường Chinh',
  'Lê Văn Sỹ',
  'Bạch Đằng',
  'Hoàng Diệu',
];
const MAIL_DOMAINS: readonly [string, number][] = [
  ['gmail.com', 70],
  ['yahoo.com', 10],
  ['outlook.com', 8],
  ['icloud.com', 7],
  ['fpt.vn', 5],
];

export interface Person {
  fullName: string;
  gender: 'male' | 'female';
  email: string;
  phone: string;
  birthDate: string;
}

/** Drops Vietnamese diacritics for e-mail local parts. */
export function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

export function person(rng: Rng, customerId: number, birthYearMin = 1965, birthYearMax = 2006): Person {
  const gender = rng.chance(0.52) ? 'female' : 'male';
  const family = weightedPick(rng, FAMILY);
  const middle = rng.pick(gender === 'female' ? MIDDLE_FEMALE : MIDDLE_MALE);
  const given = rng.pick(gender === 'female' ? GIVEN_FEMALE : GIVEN_MALE);
  const local = `${ascii(given)}.${ascii(family)}${customerId}`.toLowerCase();
  const mobilePrefix = rng.pick([
    '90',
    '91',
    '93',
    '94',
    '96',
    '97',
    '98',
    '86',
    '88',
    '89',
    '32',
    '33',
    '35',
    '70',
    '77',
  ]);
  const year = rng.intBetween(birthYearMin, birthYearMax);
  return {
    fullName: `${family} ${middle} ${given}`,
    gender,
    email: `${local}@${weightedPick(rng, MAIL_DOMAINS)}`,
    phone: `+84 ${mobilePrefix} ${String(rng.int(1000)).padStart(3, '0')} ${String(rng.int(10000)).padStart(4, '0')}`,
    birthDate: `${year}-${String(rng.intBetween(1, 12)).padStart(2, '0')}-${String(rng.intBetween(1, 28)).padStart(2, '0')}`,
  };
}

export function streetAddress(rng: Rng): string {
  return `${rng.intBetween(1, 350)} ${rng.pick(STREETS)}`;
}

/**
 * Public IPv4 prefixes we attribute to each region. Illustrative, not a geo-IP database: what
 * matters downstream is that honest customers' IPs agree with their region and fraud rings' do not.
 */
const IP_PREFIXES = {
  north: ['14.224', '113.190', '123.24', '42.112'],
  central: ['14.161', '171.244', '113.176', '27.66'],
  south: ['113.161', '115.78', '14.186', '171.252'],
} as const;

export function ipFor(rng: Rng, region: keyof typeof IP_PREFIXES): string {
  return `${rng.pick(IP_PREFIXES[region])}.${rng.intBetween(0, 255)}.${rng.intBetween(1, 254)}`;
}
