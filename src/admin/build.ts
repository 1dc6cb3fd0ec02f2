// `send-from-admin build`: export folder in, directory out (nothing is written here: publish.ts
// does that). The work is in four parts, each its own module:
//   read.ts     reading the files (encodings, PowerShell artefacts, sources) into an index
//   resolve.ts  resolving every trustee, and saying why when it cannot (rules.ts decides)
//   shards.ts   expanding groups, applying Deny, laying out and measuring the shards
//   report.ts   the summary and --report (cli.ts prints them)
// Export-RecipientPermissions' single CSV is read by erp.ts into the same index; options.ts holds
// what the build is asked to do, and publish.ts also writes object-ids.json (object-ids.ts).
import { GrantTable } from "./grants";
import { PermissionFileKind, permissionSpec } from "./permissions";
import { permissionSource, readerThreads, threadLane } from "./permission-source";
import type { BuildOptions } from "./options";
import { Problems } from "./problems";
import { ExportReader } from "./read";
import { Resolver } from "./resolve";
import { BuiltDirectory, computeDirectory } from "./shards";
import { BuildSummary, emptySummary } from "./summary";
import { readErpFile } from "./erp";
import { checkUnreadErpFiles, erpNotCsvProblem, folderKind } from "./unread-files";

export { isTimestamp } from "./read";
export type { BuildOptions, BuildProgress, NoReplyRule } from "./options";
export type { BuiltDirectory, ShardFile } from "./shards";
export type { BuildSummary, LostGrant, UnresolvedValue } from "./summary";

export type BuildResult =
  | { ok: true; directory: BuiltDirectory; summary: BuildSummary }
  | { ok: false; problems: Problems; summary: BuildSummary };

/**
 * Reads an export folder and computes the directory. Nothing is written: the caller publishes
 * the result (see publish.ts). Fails with problems naming file, line and fix when the export is
 * unusable or a right it grants would be lost (unless allowUnresolved); rows that give no right
 * to anyone (SELF, inherited, built-in accounts...) are counted, not errors. Never throws on input.
 */
export async function buildDirectory(options: BuildOptions): Promise<BuildResult> {
  const problems = new Problems();
  const summary = emptySummary();
  const fail = (): BuildResult => ({ ok: false, problems, summary });
  const reader = new ExportReader(options, problems, summary);
  const table = new GrantTable();
  const resolver = new Resolver(
    reader.recipients,
    reader.groups,
    table,
    summary,
    problems,
    reader.shapes,
    options
  );

  const folder = folderKind(options.inDir);
  if (folder.kind === "erpNotCsv") {
    problems.add(erpNotCsvProblem(folder.file));
    return fail();
  }
  if (folder.kind === "erp") {
    summary.inputFormat = "export-recipient-permissions";
    // Files beside the result are named, never passed over (rev11i finding 6).
    checkUnreadErpFiles(
      options.inDir,
      folder.file,
      problems,
      summary.warnings,
      options.allowUnresolved === true
    );
    await readErpFile(folder.file, reader, resolver, problems, summary);
  } else {
    if (!reader.checkFilesExist()) return fail();
    // The two big permission files are parsed in worker threads while the recipients are
    // indexed, as many at once as the cores allow beside the main thread (readerThreads).
    const lane = threadLane(readerThreads());
    const permissionFiles = (["recipient", "mailbox"] as PermissionFileKind[]).map((kind) =>
      permissionSource(
        reader.file(permissionSpec(kind).file),
        kind,
        options.threads !== false,
        reader.scriptProven,
        lane
      )
    );
    await reader.readDirectoryFiles();
    // Only now is every group known with its members, so "empty group" can be told.
    for (const p of reader.pending) resolver.sendOnBehalf(p);
    reader.pending.length = 0;
    for (const source of permissionFiles) await reader.consumePermissions(source, resolver);
    resolver.unknownMembers(reader.unknownMembers);
    resolver.unknownGroups(reader.unknownGroups);
    resolver.noSignInMembers(reader.noSignInMembers);
  }

  resolver.finish();
  summary.recipients = reader.recipients.size;
  reader.settleTimestampAndTenant();
  if (problems.count > 0) return fail();
  const directory = computeDirectory({
    recipients: reader.recipients,
    groups: reader.groups,
    table,
    targets: reader.targets,
    summary,
    problems,
    progress: options.progress,
  });
  if (problems.count > 0) return fail();
  return { ok: true, directory, summary };
}
