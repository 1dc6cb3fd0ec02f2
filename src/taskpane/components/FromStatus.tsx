import { Badge, makeStyles, Text, tokens } from "@fluentui/react-components";
import { classifyFrom } from "../../core/rights";
import type { UserShard } from "../../core/model";
import type { Address } from "../../core/address";
import { useMessages } from "../messages";

const useStyles = makeStyles({
  root: {
    display: "grid",
    gap: tokens.spacingVerticalXXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  line: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS, minWidth: 0 },
  name: { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap", minWidth: 0 },
  label: { color: tokens.colorNeutralForeground3 },
});

interface Props {
  user: Address;
  /** undefined while reading; null when Outlook can't tell. */
  from: Address | null | undefined;
  shard: UserShard | null;
}

/** Outlook's own From field and what the directory says about it. */
export function FromStatus({ user, from, shard }: Props) {
  const t = useMessages();
  const styles = useStyles();
  if (from === undefined) return null;
  if (from === null) {
    return (
      <section
        className={styles.root}
        aria-label={t.pane.outlookFromLabel}
        data-testid="outlook-from"
      >
        <Text size={200}>{t.pane.outlookFromUnknown}</Text>
      </section>
    );
  }
  const status = classifyFrom(from.address, user.address, shard);
  // Names come from the directory (or the user's profile): Outlook may report the wrong one.
  const name =
    status.status === "own"
      ? user.displayName
      : status.status === "permitted" || status.status === "notPermitted"
        ? status.mailbox.displayName
        : from.address;
  const badge =
    status.status === "own"
      ? { text: t.pane.outlookFromYou, color: "informative" as const }
      : status.status === "permitted"
        ? { text: t.pane.outlookFromPermitted, color: "success" as const }
        : status.status === "notPermitted"
          ? { text: t.pane.outlookFromNotPermitted, color: "danger" as const }
          : { text: t.pane.outlookFromNotInDirectory, color: "warning" as const };
  return (
    <section
      className={styles.root}
      aria-label={t.pane.outlookFromLabel}
      data-testid="outlook-from"
      data-from-status={status.status}
    >
      <Text size={200} className={styles.label}>
        {t.pane.outlookFromLabel}
      </Text>
      <div className={styles.line}>
        <Text weight="semibold" className={styles.name}>
          <bdi>{name}</bdi>
        </Text>
        <Badge appearance="tint" color={badge.color} size="small">
          {badge.text}
        </Badge>
      </div>
      {name !== from.address && (
        <Text size={200} className={styles.name}>
          {from.address}
        </Text>
      )}
    </section>
  );
}
