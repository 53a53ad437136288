// Where links to the rule catalogue point. RULES.md ships with the extension; by default links
// point at the installed copy (a file URI with the rule's anchor), so that they work offline
// and match the installed version. A client may ask for another base in
// `initializationOptions.rulesBase` (the VS Code client does, to open the rendered rule).
import { pathToFileURL } from 'node:url';
import { findUp } from '../core/util/findUp';
import { RULES_DOCUMENT, ruleHref as catalogueHref } from '../core/catalogue/catalogue';

export class RuleLinks {
  readonly base: string;

  constructor(clientBase?: unknown) {
    this.base = typeof clientBase === 'string' && clientBase ? clientBase : installedRules();
  }

  href(rule: string): string {
    return catalogueHref(rule, this.base);
  }
}

/** File URI of the RULES.md next to the running server (dist/..), or the bare name. */
function installedRules(): string {
  const p = findUp(__dirname, [RULES_DOCUMENT]);
  return p ? pathToFileURL(p).href : RULES_DOCUMENT;
}
