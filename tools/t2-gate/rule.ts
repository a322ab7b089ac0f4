/** T-2: an API change comes with integration tests. The rule over a change's files and trailers. */

export interface T2Change {
  /** Paths the change touches, from the repository root. */
  files: string[];
  /** `T-2-Exempt:` trailer values of the change's commits. */
  exemptions: string[];
}

export interface T2Violation {
  service: string;
  /** The service's API files the change touches. */
  apiFiles: string[];
  /** Where the change should also touch a test. */
  testsFolder: string;
}

export interface T2Verdict {
  violations: T2Violation[];
  /** Set when an exemption trailer waived violations. */
  exemptedBy?: string;
}

/**
 * A service's API, by the names the services use: its routes, request and response schemas,
 * repositories (the queries behind the routes), MCP tools, database schema and migrations.
 * Unit tests beside them (`*.spec.ts`) are not API.
 */
const API_FILE =
  /^apps\/(?<service>[^/]+)\/(?:src\/(?:.+\/)?(?:routes|schemas|[\w-]+-repository|memory-tools)\.ts|src\/db\/schema\.ts|migrations\/.+)$/;

/** Only a spec of the service's own suite counts: a support file or another suite's test does not. */
function isTestOf(service: string, file: string): boolean {
  return file.startsWith(`apps/${service}-integration/tests/`) && file.endsWith('.spec.ts');
}

export function checkT2(change: T2Change): T2Verdict {
  const apiFiles = new Map<string, string[]>();
  for (const file of change.files) {
    const service = API_FILE.exec(file)?.groups?.service;
    if (!service || service.endsWith('-integration') || file.endsWith('.spec.ts')) continue;
    apiFiles.set(service, [...(apiFiles.get(service) ?? []), file]);
  }
  const violations = [...apiFiles]
    .filter(([service]) => !change.files.some((file) => isTestOf(service, file)))
    .map(([service, files]) => ({ service, apiFiles: files.sort(), testsFolder: `apps/${service}-integration/tests/` }))
    .sort((a, b) => a.service.localeCompare(b.service));
  const exemptedBy = change.exemptions.map((reason) => reason.trim()).find(Boolean);
  return violations.length > 0 && exemptedBy ? { violations, exemptedBy } : { violations };
}
