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

// The order a person checks their details in: who they are first, then the document.
const ORDER = ["surname", "given_names", "birth_date", "sex", "nationality", "document_number", "expiry_date", "issuing_state", "document_code"];
const rank = (name) => { const i = ORDER.indexOf(name); return i < 0 ? ORDER.length : i; };

export function fieldsInReviewOrder(record) {
  return fieldsOf(record).map((f, i) => ({ f, i })).sort((a, b) => rank(a.f.name) - rank(b.f.name) || a.i - b.i).map((x) => x.f);
}

export function fieldValue(record, name) {
  const f = fieldsOf(record).find((x) => x.name === name);
  return f ? f.value : undefined;
}
