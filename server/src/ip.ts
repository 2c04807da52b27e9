// Client addresses are kept only as a network prefix: IPv4 /24, IPv6 /48. Enough to tell a
// shop's own office from the rest of the world, too coarse to name a household.
import { isIPv4, isIPv6 } from 'node:net';

/** `203.0.113.77` → `203.0.113.0/24`; `2001:db8:abcd:12::1` → `2001:db8:abcd::/48`; else null. */
export function truncateIp(address: string | undefined): string | null {
  if (!address) return null;
  const ip = address.replace(/%.*$/, ''); // an IPv6 zone ("fe80::1%eth0") says nothing about the client
  if (isIPv4(ip)) return truncateIPv4(ip);
  if (!isIPv6(ip)) return null;
  const groups = expandIPv6(ip);
  if (isIPv4Mapped(groups)) return truncateIPv4(`${groups[6]! >> 8}.${groups[6]! & 0xff}.${groups[7]! >> 8}.${groups[7]! & 0xff}`);
  const prefix = groups.slice(0, 3).map((group) => group.toString(16));
  return `${prefix.join(':')}::/48`;
}

function truncateIPv4(ip: string): string {
  const [a, b, c] = ip.split('.');
  return `${a}.${b}.${c}.0/24`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` and a dotted IPv4 tail resolved. */
function expandIPv6(ip: string): number[] {
  let text = ip;
  const dotted = text.match(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const headGroups = parse(head);
  const tailGroups = tail === undefined ? [] : parse(tail);
  const zeros = new Array<number>(8 - headGroups.length - tailGroups.length).fill(0);
  return [...headGroups, ...zeros, ...tailGroups];
}

function isIPv4Mapped(groups: number[]): boolean {
  return groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff;
}
