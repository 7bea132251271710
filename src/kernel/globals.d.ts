// The pure core is typechecked without the DOM lib; structuredClone exists in every engine we run
// in (browsers, workers, Node >= 17), so it is declared here rather than by pulling in the DOM.
declare function structuredClone<T>(value: T): T
declare function queueMicrotask(callback: () => void): void
