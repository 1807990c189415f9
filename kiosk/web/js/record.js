// Reads the fields of a record JSON (RecordToJson, schemas/intake-record.v1.json) into one
// list, whichever of the shapes below the record uses, so the review screen has one input.
//   "fields": {"surname": {"value": ..., "source": ..., ...}, ...}
//   "fields": [{"name": "surname", "value": ..., ...}, ...]   or [["surname", {...}], ...]
export function fieldsOf(record) {
  if (!record || !record.fields) return [];
  const fields = record.fields;
  const list = Array.isArray(fields)
    ? fields.map((f) => (Array.isArray(f) ? { name: f[0], ...f[1] } : f))
    : Object.entries(fields).map(([name, f]) => ({ name, ...f }));
  return list.filter((f) => f && typeof f.name === "string");
}

export function fieldValue(record, name) {
  const f = fieldsOf(record).find((x) => x.name === name);
  return f ? f.value : undefined;
}
