// What every phone line of some catalogs says at some instants, as JSON on stdout, so a test can run it under
// several host time zones (TZ is read once per process) and compare. Usage:
//   node test/support/line-statuses.ts DIR [DIR…] -- 2027-01-01T08:30:00+09:00 [ISO…]
import { DateTime } from "luxon";
import { loadCatalog } from "../../src/catalog/load.ts";
import { phoneLines } from "../../src/reply/contact-lines.ts";

const args = process.argv.slice(2);
const split = args.indexOf("--");
const folders = args.slice(0, split);
const instants = args.slice(split + 1);

const answers = folders.map((folder) => {
  const catalog = loadCatalog(folder);
  return instants.map((iso) => {
    // An instant in the host's own zone, as a server builds it from its clock.
    const now = DateTime.fromMillis(Date.parse(iso));
    const lines = catalog.resources.flatMap((resource) =>
      phoneLines(resource, { catalog, now }).map((line) => ({ line: `${resource.id}/${line.contact.id}`, status: line.opening.status, says: line.statusText })),
    );
    return { folder, at: iso, hostDate: now.toISODate(), lines };
  });
});
console.log(JSON.stringify(answers.flat()));
