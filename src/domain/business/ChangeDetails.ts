/**
 * What an audit entry says changed in the business's settings and catalogue: names of keys, the
 * dates, ids and numbers that moved, never free text beyond what the change itself is about. Pure;
 * both sides are compared as JSON (as the database returns jsonb, keys in one order).
 */

type Json = unknown;

const same = (a: Json, b: Json) => JSON.stringify(a) === JSON.stringify(b);
const isRecord = (value: Json): value is Record<string, Json> =>
  value !== null && typeof value === "object" && !Array.isArray(value);
const isScalar = (value: Json) => value === null || ["string", "number", "boolean"].includes(typeof value);

/** Of two lists of strings: what is new and what is gone. */
function listChange(before: readonly Json[], after: readonly Json[]) {
  const was = new Set(before.map(String));
  const is = new Set(after.map(String));
  return {
    added: [...is].filter((item) => !was.has(item)),
    removed: [...was].filter((item) => !is.has(item)),
  };
}

/** Of two lists of `{ id }` objects (rooms): the ids added, removed and changed. */
function idListChange(before: readonly Record<string, Json>[], after: readonly Record<string, Json>[]) {
  const was = new Map(before.map((item) => [String(item.id), item]));
  const is = new Map(after.map((item) => [String(item.id), item]));
  return {
    added: [...is.keys()].filter((id) => !was.has(id)),
    removed: [...was.keys()].filter((id) => !is.has(id)),
    changed: [...is.keys()].filter((id) => was.has(id) && !same(was.get(id), is.get(id))),
  };
}

/** One top-level value's change, as far as it can be said without copying texts. */
function valueChange(before: Json, after: Json): Json {
  if (isScalar(before) && isScalar(after)) return { from: before ?? null, to: after ?? null };
  if (Array.isArray(before ?? []) && Array.isArray(after ?? [])) {
    const was = (before ?? []) as Json[];
    const is = (after ?? []) as Json[];
    const all = [...was, ...is];
    if (all.every((item) => typeof item === "string")) return listChange(was, is);
    if (all.every((item) => isRecord(item) && typeof item.id === "string")) {
      return idListChange(was as Record<string, Json>[], is as Record<string, Json>[]);
    }
    return { count: { from: was.length, to: is.length } };
  }
  if (isRecord(before ?? {}) && isRecord(after ?? {})) {
    const was = (before ?? {}) as Record<string, Json>;
    const is = (after ?? {}) as Record<string, Json>;
    const keys = [...new Set([...Object.keys(was), ...Object.keys(is)])].sort();
    return { keys: keys.filter((key) => !same(was[key], is[key])) };
  }
  return {};
}

/**
 * The settings' top-level keys that differ (`changed`), each with what moved: closed days added and
 * removed, rooms added/removed/changed, the staff whose plans changed, a rule's old and new value.
 * Empty `changed` when nothing did.
 */
export function settingsChangeDetails(
  before: Record<string, Json>,
  after: Record<string, Json>,
): { changed: string[] } & Record<string, Json> {
  const changed = [...new Set([...Object.keys(before), ...Object.keys(after)])]
    .filter((key) => !same(before[key], after[key]))
    .sort();
  return {
    changed,
    ...Object.fromEntries(changed.map((key) => [key, valueChange(before[key], after[key])])),
  };
}

/** The fields of a PATCH that changed, each `{ from, to }` (names, minutes, active, …). */
export function fieldChangeDetails(
  before: Record<string, Json>,
  after: Record<string, Json>,
  fields: readonly string[],
): Record<string, { from: Json; to: Json }> {
  return Object.fromEntries(
    fields
      .filter((field) => !same(before[field], after[field]))
      .map((field) => [field, { from: before[field] ?? null, to: after[field] ?? null }]),
  );
}
