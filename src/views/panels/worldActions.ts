/** What a user can do to one world, from its context menu or its inspector. */
export interface WorldAction {
  kind: 'crash' | 'restart' | 'partition' | 'heal'
  label: string
  title: string
}

export const WORLD_ACTIONS: readonly WorldAction[] = [
  { kind: 'crash', label: 'Crash', title: 'Crash this world (it stays down until restarted)' },
  { kind: 'restart', label: 'Restart', title: 'Restart this world if it is down' },
  { kind: 'partition', label: 'Partition away', title: 'Cut this world off from all the others' },
  { kind: 'heal', label: 'Heal', title: 'Heal every active partition' },
]
