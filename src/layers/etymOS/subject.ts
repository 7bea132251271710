/**
 * The subject under which a rejection is counted: the type, or `<layer>.<kind>` on the wire. Its own
 * module so the layer (loaded by the page at start) does not pull in the catalogue, the registry
 * and the compatibility rules, which only the lazy inspector needs.
 */
export const subjectOf = (r: { layer: string; type: string; boundary: 'layer' | 'wire' }): string => (r.boundary === 'wire' ? `${r.layer}.${r.type}` : r.type)
