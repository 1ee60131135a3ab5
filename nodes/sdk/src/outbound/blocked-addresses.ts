import { BlockList, isIP } from 'node:net';

/**
 * Addresses an outbound request from a node never reaches unless the runtime lists the endpoint
 * (SLUICE_ALLOWED_ENDPOINTS): the machine itself, the private networks around it and the cloud
 * metadata service. A graph is written by anyone with the editor role; without this list its S3
 * endpoint could aim the runtime's signed requests, and its credentials, at any service behind the
 * firewall (SSRF). node:net's BlockList also matches IPv4-mapped IPv6 (`::ffff:127.0.0.1`) against
 * the IPv4 rules.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network", and 0.0.0.0 which connects to the machine itself
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT, used inside clouds and VPNs
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, with the metadata service at 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments (incl. 192.0.0.192, Oracle's metadata)
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking networks, routed inside some data centres
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated), e.g. ::127.0.0.1
  ['64:ff9b::', 96], // NAT64: an IPv4 address behind a translator
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still private)
  ['ff00::', 8], // multicast
  ['fd00:ec2::254', 128], // AWS's IPv6 metadata service (inside fc00::/7 already; named for the reader)
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** True for a loopback, private, link-local, metadata, unspecified, CGNAT or multicast address. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) throw new Error(`"${address}" is not an IP address`);
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}
