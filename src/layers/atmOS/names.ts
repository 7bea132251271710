/**
 * Names of worlds and texts of happenings, from word lists and a world's own stream: a world's
 * name and its happenings depend only on (seed, world id), never on other worlds.
 */
import type { Rng } from '../../kernel/rng'

const STARS = [
  'Aster', 'Vela', 'Lyra', 'Altair', 'Deneb', 'Rigel', 'Mira', 'Nashira', 'Alcor', 'Izar', 'Elnath', 'Capella',
  'Sadr', 'Markab', 'Alnair', 'Hadar', 'Acrux', 'Mimosa', 'Shaula', 'Sirrah', 'Kochab', 'Thuban', 'Alphard', 'Menkar',
  'Zosma', 'Talitha', 'Errai', 'Tania', 'Alkes', 'Merak', 'Phecda', 'Alioth', 'Mizar', 'Naos', 'Wezen', 'Adhara',
]
const SYLLABLES_A = ['Ka', 'Te', 'Or', 'Ze', 'Ly', 'Ma', 'Qu', 'Ve', 'Ri', 'Sa', 'No', 'Ei', 'Tha', 'Xe', 'Ul']
const SYLLABLES_B = ['ran', 'los', 'ria', 'dun', 'vex', 'mir', 'tis', 'nor', 'bel', 'qar', 'sen', 'lune']
const CATALOGUES = ['Kepler', 'Gliese', 'Tau Ceti', 'Wolf', 'Ross', 'Lacaille', 'Trappist']
const PLANET_LETTERS = ['b', 'c', 'd', 'e', 'f']
const ROMAN = ['II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X']

/** One star- or planet-like name: a named star, an invented one, or a catalogue planet. */
export function worldName(rng: Rng): string {
  const style = rng.int(0, 9)
  if (style < 5) return rng.pick(STARS)
  if (style < 8) return rng.pick(SYLLABLES_A) + rng.pick(SYLLABLES_B)
  return `${rng.pick(CATALOGUES)}-${rng.int(2, 999)}${rng.pick(PLANET_LETTERS)}`
}

/**
 * Make names unique in world-id order: a repeated name gets a numeral (the second "Vela" becomes
 * "Vela II"), like the planets of one system. Deterministic: depends only on the list.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>()
  const taken = new Set(names)
  return names.map((name) => {
    const k = seen.get(name) ?? 0
    seen.set(name, k + 1)
    if (k === 0) return name
    for (let i = k - 1; ; i++) {
      const candidate = i < ROMAN.length ? `${name} ${ROMAN[i]}` : `${name} ${i + 2}`
      if (!taken.has(candidate)) {
        taken.add(candidate)
        return candidate
      }
    }
  })
}

const VERBS = [
  'charts', 'sings of', 'remembers', 'awakens', 'weaves', 'tends', 'names', 'crosses', 'guards', 'gathers',
  'forgets', 'kindles', 'measures', 'calls to', 'mends', 'follows', 'hides', 'trades', 'dreams of', 'builds',
]
const ADJECTIVES = [
  'northern', 'silent', 'ancient', 'burning', 'hollow', 'shining', 'restless', 'frozen', 'distant', 'golden',
  'drowned', 'hidden', 'twin', 'last', 'first', 'wandering', 'broken', 'patient', 'crimson', 'quiet',
]
const NOUNS = [
  'tides', 'comet', 'harvest', 'archive', 'storm', 'beacon', 'orchard', 'moons', 'river', 'forge',
  'oracle', 'dunes', 'lanterns', 'choir', 'glacier', 'vault', 'garden', 'signal', 'bridge', 'ember',
]

/** A happening: "<world> <verb> the <adjective> <noun>", e.g. "Aster charts the northern tides". */
export function happeningText(rng: Rng, world: string): string {
  return `${world} ${rng.pick(VERBS)} the ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`
}
