import { SEND_ON_BEHALF } from "./values";

/**
 * Why a group's members are not known: `notListed`, recipients.csv calls it a group but groups.csv
 * and group-members.csv do not list it; `unproven`, groups.csv lists it with no member row, but
 * nothing proves the export script wrote the folder (which lists every member), so an export
 * that skipped the members cannot be told from an empty group (rev11 finding 8); `unread`,
 * group-members.csv could not be read at all (a reported problem), so no member is known.
 */
export type UnlistedWhy = "notListed" | "unproven" | "unread";

/**
 * Group membership (group-members.csv) and its recursive expansion: a right granted to a
 * mail-enabled security group (or a distribution group, for Send on Behalf) is a right of every
 * user inside it, however deeply nested.
 */
export class GroupMembership {
  private readonly members = new Map<number, number[]>();
  private readonly groups = new Set<number>();
  private readonly expanded = new Map<number, number[]>();
  /** Each cycle found, as the ids along it (first id repeated at the end). */
  readonly cycles: number[][] = [];

  /** Marks a recipient as a group even if it has no members (an empty group grants nothing). */
  markGroup(group: number): void {
    this.groups.add(group);
  }

  addMember(group: number, member: number): void {
    this.groups.add(group);
    const list = this.members.get(group);
    if (!list) this.members.set(group, [member]);
    else list.push(member);
  }

  /**
   * Notes a group-members.csv row of this group whose member names no one (or several): the
   * group is not empty, its members are unknown (f11 gap 1).
   */
  addUnknownMember(group: number): void {
    this.groups.add(group);
    this.withUnknown.add(group);
    this.withRows.add(group);
  }

  /**
   * Notes a member row of this group that names a recipient who cannot sign in (a mail contact):
   * the group has a member list, so it is never "a group without member rows".
   */
  addContactMember(group: number): void {
    this.groups.add(group);
    this.withRows.add(group);
  }

  /** Whether group-members.csv has a row for this group that names no user (addUnknownMember, addContactMember). */
  hasOtherRows(group: number): boolean {
    return this.withRows.has(group);
  }

  private readonly withUnknown = new Set<number>();
  private readonly withRows = new Set<number>();

  /**
   * Whether a group, or a group nested in it at any depth (cycles followed once), has a member
   * row that names no one: a group with no user found is then not "empty", its right is lost
   * through those members (Resolver.unknownMembers), not dropped as an empty group.
   */
  hasUnknownWithin(group: number): boolean {
    if (this.withUnknown.size === 0) return false;
    if (this.withUnknown.has(group)) return true;
    let found = false;
    this.walkNested(group, (nested) => !(found ||= this.withUnknown.has(nested)));
    return found;
  }

  /**
   * Each group nested in `group` at any depth, once (cycles followed once), breadth-first in the
   * order met; `visit` says whether to look inside it.
   */
  private walkNested(group: number, visit: (nested: number) => boolean): void {
    const seen = new Set<number>([group]);
    const queue = [group];
    for (let i = 0; i < queue.length; i++) {
      for (const member of this.members.get(queue[i]) ?? []) {
        if (seen.has(member) || !this.groups.has(member)) continue;
        seen.add(member);
        if (visit(member)) queue.push(member);
      }
    }
  }

  isGroup(id: number): boolean {
    return this.groups.has(id);
  }

  /**
   * Marks a group that its RecipientTypeDetails alone calls a distribution list (kind
   * "distributionList" in values.ts), with the type the export gives. MailUniversalDistributionGroup,
   * DynamicDistributionGroup and RoomList are distribution groups. MailNonUniversalGroup is a
   * mail-enabled global or domain-local group of EITHER category (a global security group synced
   * from Active Directory and never converted to universal is one), so that type alone makes the
   * group one of unknown category (categoryUnknownType), never a distribution group (rev11r
   * finding 4). A group whose GroupType is known (markGroupType) keeps what that says. A
   * distribution group is no security principal, in no user's security token: Exchange lets it
   * hold Send on Behalf only, and a Full Access or Send As entry for it, Allow or Deny, reaches
   * none of its members, nor does one held by a security group it is nested in (rev11q finding
   * 2). It does not make the recipient a group (markGroup, markUnlisted do).
   */
  markDistribution(group: number, type: string): void {
    if (this.category.has(group) || this.distribution.has(group) || this.unknownCategory.has(group))
      return;
    if (type.trim().toLowerCase() === "mailnonuniversalgroup")
      this.unknownCategory.set(group, type);
    else this.distribution.set(group, type);
  }

  /**
   * Marks a group's category from its GroupType (groups.csv: Get-DistributionGroup's GroupType,
   * "Universal, SecurityEnabled", "Global"...): `security` when it holds SecurityEnabled, so its
   * Full Access, Send As and Deny reach its members whatever its RecipientTypeDetails; otherwise
   * a distribution group, shown as `type` (which then says the GroupType). Wins over what the
   * RecipientTypeDetails alone says (markDistribution), in whichever order the two are read.
   */
  markGroupType(group: number, security: boolean, type: string): void {
    this.category.set(group, security);
    this.unknownCategory.delete(group);
    if (security) this.distribution.delete(group);
    else this.distribution.set(group, type);
  }

  /** Whether the export has any distribution group (markDistribution). */
  hasDistribution(): boolean {
    return this.distribution.size > 0;
  }

  /**
   * Whether the export has any group whose Full Access and Send As do not, or may not, reach its
   * members: a distribution group, or a group of unknown category.
   */
  hasNonSecurity(): boolean {
    return this.distribution.size > 0 || this.unknownCategory.size > 0;
  }

  /** The RecipientTypeDetails of a distribution group (markDistribution), else undefined. */
  distributionType(id: number): string | undefined {
    return this.distribution.get(id);
  }

  /**
   * The RecipientTypeDetails of a group whose category (security or distribution) the export
   * does not tell: a MailNonUniversalGroup without a GroupType (groups.csv from an older export
   * or another tool, recipients.csv alone, an Export-RecipientPermissions result), else undefined.
   * Whether its Full Access, Send As and Deny reach its members cannot be told.
   */
  categoryUnknownType(id: number): string | undefined {
    return this.unknownCategory.get(id);
  }

  /** Whether Full Access and Send As held by this group do not, or may not, reach its members. */
  private notSecurity(id: number): boolean {
    return this.distribution.has(id) || this.unknownCategory.has(id);
  }

  private readonly distribution = new Map<number, string>();
  private readonly unknownCategory = new Map<number, string>();
  /** The category GroupType says (markGroupType): true for a security group. */
  private readonly category = new Map<number, boolean>();
  private readonly securityExpanded = new Map<number, readonly number[]>();

  /**
   * The users a Full Access or Send As entry held by a group reaches: those inside it through
   * security groups only (a user's token holds the security groups they are in, nested, never a
   * distribution group nor anything reached through one). None for a distribution group itself.
   * A group of unknown category passes nothing here: what its members may hold through it is a
   * lost right (Resolver.categoryUnknown). The same list as usersOf when the export has no
   * distribution group nor group of unknown category.
   */
  securityUsersOf(group: number): readonly number[] {
    if (!this.hasNonSecurity()) return this.usersOf(group);
    if (this.notSecurity(group)) return [];
    return this.reachedThrough(group, this.securityExpanded);
  }

  private readonly possibleExpanded = new Map<number, readonly number[]>();

  /**
   * The users a Deny held by a group of unknown category would reach if it is a security group:
   * those inside it through any group that is not a distribution group (groups of unknown
   * category included), itself taken as a security group.
   */
  possibleSecurityUsersOf(group: number): readonly number[] {
    return this.reachedThrough(group, this.possibleExpanded, true);
  }

  /**
   * The users inside `group` through groups that are security groups (`maybe`: or of unknown
   * category), the group itself whatever it is; cached in `cache`.
   */
  private reachedThrough(
    group: number,
    cache: Map<number, readonly number[]>,
    maybe = false
  ): readonly number[] {
    const cached = cache.get(group);
    if (cached) return cached;
    const users = new Set<number>();
    const seen = new Set<number>([group]);
    const queue = [group];
    for (let i = 0; i < queue.length; i++) {
      for (const member of this.members.get(queue[i]) ?? []) {
        if (!this.groups.has(member)) users.add(member);
        else if (
          !seen.has(member) &&
          !(maybe ? this.distribution.has(member) : this.notSecurity(member))
        ) {
          seen.add(member);
          queue.push(member);
        }
      }
    }
    const result = [...users].sort((a, b) => a - b);
    cache.set(group, result);
    return result;
  }

  /**
   * The distribution groups nested in a group through security groups (the ones whose members
   * securityUsersOf leaves out), in the order met; none when the export has no distribution group.
   */
  distributionWithin(group: number): readonly number[] {
    if (this.distribution.size === 0 || this.notSecurity(group)) return [];
    const found: number[] = [];
    this.walkNested(group, (nested) => {
      if (this.distribution.has(nested)) found.push(nested);
      return !this.notSecurity(nested);
    });
    return found;
  }

  /**
   * The groups of unknown category (categoryUnknownType) nested in a group through security
   * groups, in the order met: whether the Full Access or Send As the group holds reaches their
   * members, and whether its Deny does, cannot be told. None when the export has no such group.
   */
  categoryUnknownWithin(group: number): readonly number[] {
    if (this.unknownCategory.size === 0 || this.notSecurity(group)) return [];
    const found: number[] = [];
    this.walkNested(group, (nested) => {
      if (this.unknownCategory.has(nested)) found.push(nested);
      return !this.notSecurity(nested);
    });
    return found;
  }

  /**
   * The users a right held by a group reaches: every user inside it for Send on Behalf, those
   * inside it through security groups only for Full Access and Send As (securityUsersOf).
   */
  usersFor(group: number, bits: number): readonly number[] {
    return bits & SEND_ON_BEHALF ? this.usersOf(group) : this.securityUsersOf(group);
  }

  /**
   * Marks a recipient that is a group (its RecipientTypeDetails says so) but whose members the
   * export does not list: not in groups.csv, no row in group-members.csv. It is a group, so never
   * a delegate; who is in it cannot be told, so a right it holds is lost, not "empty group".
   */
  markUnlisted(group: number, why: UnlistedWhy = "notListed", type = ""): void {
    this.groups.add(group);
    this.unlisted.set(group, why);
    if (type) this.unlistedTypes.set(group, type);
  }

  /** The RecipientTypeDetails recipients.csv gives a group without member list, or "". */
  unlistedType(id: number): string {
    return this.unlistedTypes.get(id) ?? "";
  }

  private readonly unlistedTypes = new Map<number, string>();

  /** Why the export has no member list for this group (markUnlisted), or undefined. */
  unlistedWhy(id: number): UnlistedWhy | undefined {
    return this.unlisted.get(id);
  }

  /**
   * The groups (groups.csv or group-members.csv) with no member row at all, in ascending id
   * order; a row naming no one or a mail contact is a row (f11 gap 1).
   */
  memberless(): number[] {
    return [...this.groups]
      .filter((g) => !this.members.has(g) && !this.withRows.has(g))
      .sort((a, b) => a - b);
  }

  /** Whether the export lists no member list for this group (markUnlisted). */
  isUnlisted(id: number): boolean {
    return this.unlisted.has(id);
  }

  /**
   * The groups without member list nested in a group, at any depth (cycles followed once), in
   * the order met: each one's members would hold the outer group's rights, but are not known.
   * With securityOnly (Full Access, Send As) not through a distribution group.
   */
  unlistedWithin(group: number, securityOnly = false): number[] {
    if (this.unlisted.size === 0) return [];
    const found: number[] = [];
    this.walkNested(group, (nested) => {
      // For Full Access and Send As (securityOnly) a nested distribution group passes nothing;
      // what a group of unknown category may pass is lost through it (Resolver.categoryUnknown).
      if (securityOnly && this.notSecurity(nested)) return false;
      if (this.unlisted.has(nested)) found.push(nested);
      return true;
    });
    return found;
  }

  private readonly unlisted = new Map<number, UnlistedWhy>();

  /**
   * Marks a recipient whose type the export does not say: recipients.csv has no
   * RecipientTypeDetails column and neither mailboxes.csv nor groups.csv lists it. It may be a
   * group (whose members hold its rights) as well as a user, so it is never made a delegate.
   */
  markUntyped(id: number): void {
    this.untyped.add(id);
  }

  /** Whether the export does not say what this recipient is (markUntyped). */
  isUntyped(id: number): boolean {
    return this.untyped.has(id);
  }

  private readonly untyped = new Set<number>();

  /**
   * The users inside a group, nested groups expanded, each once, in ascending id order.
   * Depth-first with an explicit stack (nesting can be deep); a group met again while it is
   * still being expanded closes a cycle, which is recorded once and not followed.
   */
  usersOf(group: number): readonly number[] {
    const cached = this.expanded.get(group);
    if (cached) return cached;
    const users = new Set<number>();
    const visited = new Set<number>([group]);
    const path: number[] = [group];
    const stack: { members: number[]; next: number }[] = [
      { members: this.members.get(group) ?? [], next: 0 },
    ];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next >= top.members.length) {
        stack.pop();
        path.pop();
        continue;
      }
      const member = top.members[top.next++];
      if (!this.groups.has(member)) {
        users.add(member);
        continue;
      }
      const onPath = path.indexOf(member);
      if (onPath >= 0) {
        this.noteCycle([...path.slice(onPath), member]);
        continue;
      }
      if (visited.has(member)) continue;
      visited.add(member);
      path.push(member);
      stack.push({ members: this.members.get(member) ?? [], next: 0 });
    }
    const result = [...users].sort((a, b) => a - b);
    this.expanded.set(group, result);
    return result;
  }

  /**
   * The groups a group is inside, directly or through nested groups, itself first (cycles are
   * followed once). A right held by any of them reaches the group's members: what a member
   * that names no one loses is told from these (Resolver.unknownMembers). With securityOnly
   * (Full Access, Send As) only through security groups: none from a distribution group.
   */
  groupsContaining(group: number, securityOnly = false): number[] {
    if (securityOnly && this.notSecurity(group)) return [];
    if (!this.parents) {
      this.parents = new Map();
      for (const [parent, list] of this.members) {
        for (const member of list) {
          if (!this.groups.has(member)) continue;
          const ps = this.parents.get(member);
          if (ps) ps.push(parent);
          else this.parents.set(member, [parent]);
        }
      }
    }
    const seen = new Set<number>([group]);
    const order = [group];
    for (let i = 0; i < order.length; i++) {
      for (const parent of this.parents.get(order[i]) ?? []) {
        if (seen.has(parent) || (securityOnly && this.notSecurity(parent))) continue;
        seen.add(parent);
        order.push(parent);
      }
    }
    return order;
  }

  /** Lazily: each nested group to the groups it is a member of. */
  private parents: Map<number, number[]> | null = null;

  private readonly cycleKeys = new Set<string>();

  private noteCycle(cycle: number[]): void {
    // The same cycle is met from each of its groups: record it once, starting at its smallest id.
    const ring = cycle.slice(0, -1);
    const start = ring.indexOf(Math.min(...ring));
    const rotated = [...ring.slice(start), ...ring.slice(0, start)];
    const key = rotated.join(",");
    if (this.cycleKeys.has(key)) return;
    this.cycleKeys.add(key);
    this.cycles.push([...rotated, rotated[0]]);
  }
}
