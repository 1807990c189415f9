// What the sample video's document (kiosk/data/sample.avi) says, to check the pre-filled
// fields against: tests/kiosk/sample_truth.json (from docintake-synth's own truth for the seed).
import fs from "node:fs";

export function loadTruth() {
  const truth = JSON.parse(fs.readFileSync(new URL("../sample_truth.json", import.meta.url), "utf8"));
  return truth.fields;
}
