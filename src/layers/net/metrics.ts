/** The network layers' metrics (pneumOS and aetherOS publish the same). */
export const NETWORK_METRICS = {
  sent: { unit: 'packets', per: 'cluster', description: 'packets sent by every layer, so far' },
  dropped: { unit: 'packets', per: 'cluster', description: 'packets lost, cut or refused, so far' },
  activePartitions: { unit: 'partitions', per: 'cluster', description: 'partitions in effect' },
} as const
