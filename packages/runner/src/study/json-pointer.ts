// JSON pointers (RFC 6901) into a raw run config: where a sweep axis writes its value.

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer (it must start with "/", e.g. "/rules/1/options/std")`);
  return pointer.slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Set `value` at `pointer` inside `target` (modified in place). Missing objects on the way are created; an
 * array index may be at most the array's length (which appends).
 */
export function setPointer(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new Error('an axis cannot replace the whole config (empty pointer)');
  let node: any = target;
  for (let i = 0; i < tokens.length; i++) {
    const last = i === tokens.length - 1;
    const t = tokens[i];
    const where = '/' + tokens.slice(0, i + 1).join('/');
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(t)) throw new Error(`${where}: "${t}" is not an array index`);
      const k = Number(t);
      if (k > node.length) throw new Error(`${where}: index ${k} is past the end of an array of length ${node.length}`);
      if (last) node[k] = structuredClone(value);
      else {
        if (node[k] === undefined) node[k] = {};
        node = node[k];
      }
    } else if (node !== null && typeof node === 'object') {
      if (last) node[t] = structuredClone(value);
      else {
        if (node[t] === undefined) node[t] = {};
        node = node[t];
      }
    } else {
      throw new Error(`${where}: cannot set inside a ${node === null ? 'null' : typeof node}`);
    }
  }
}
