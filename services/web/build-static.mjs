// Build web/static/dist from the pinned npm packages: one stylesheet (Designsystemet,
// the Digdir theme, then ours) and htmx. No CDN: the portal serves every file itself.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const dist = join(here, "web", "static", "dist");
const stylesheets = [
  ["@digdir/designsystemet-css", join(modules, "@digdir/designsystemet-css/dist/src/index.css")],
  ["@digdir/designsystemet-theme, digdir", join(modules, "@digdir/designsystemet-theme/brand/digdir.css")],
  ["portal", join(here, "web/static/src/portal.css")],
];

mkdirSync(dist, { recursive: true });
const css = stylesheets.map(([name, path]) => `/* ${name} */\n${readFileSync(path, "utf8")}`).join("\n");
writeFileSync(join(dist, "portal.css"), css);
copyFileSync(join(modules, "htmx.org/dist/htmx.min.js"), join(dist, "htmx.min.js"));
console.log(`built ${dist}: portal.css (${css.length} bytes) and htmx.min.js`);
