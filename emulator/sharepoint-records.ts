/**
 * Retention labels that declare records, as far as list items need them: the label an item gets
 * when it is added to a list with a default label, and what a label forbids.
 *
 * Microsoft Purview, "Learn about records management", section "Compare restrictions for what
 * actions are allowed or blocked"
 * (https://learn.microsoft.com/en-us/purview/records-management#compare-restrictions-for-what-actions-are-allowed-or-blocked):
 * a record cannot be deleted by anyone (site owners and administrators included); a locked record
 * cannot be edited. "Declare records by using retention labels"
 * (https://learn.microsoft.com/en-us/purview/declare-records) says how labels mark content as
 * records. The emulator takes the two restrictions from `SetListComplianceTag`'s `blockDelete`
 * and `blockEdit`, which is what that call records for the label (PnP's Set-PnPRetentionLabel
 * passes them straight through).
 *
 * Not documented: the exact error SharePoint and Graph give when a record is deleted or edited.
 * Assumed: 403, `accessDenied` in Graph and `Microsoft.SharePoint.SPException` in REST, with the
 * messages below.
 */
import type { ItemComplianceTagData, ListData, ListItemData } from './emulator-data.ts';

export type RecordAction = 'delete' | 'edit';

/** The label that forbids `action` on the item, or null when nothing does. */
export function recordBlocking(
  item: ListItemData,
  action: RecordAction,
): ItemComplianceTagData | null {
  const tag = item.complianceTag;
  if (tag === null) return null;
  return (action === 'delete' ? tag.blockDelete : tag.blockEdit) ? tag : null;
}

export function recordBlockedMessage(tag: ItemComplianceTagData, action: RecordAction): string {
  return action === 'delete'
    ? `This item cannot be deleted: the retention label '${tag.name}' declares it a record.`
    : `This item cannot be changed: the retention label '${tag.name}' declares it a record and blocks edits.`;
}

/** What an item added to the list now is labelled with: the list's default label, if any. */
export function labelForNewItem(list: ListData, now: string): ItemComplianceTagData | null {
  const tag = list.complianceTag;
  return tag === null
    ? null
    : {
        name: tag.name,
        blockDelete: tag.blockDelete,
        blockEdit: tag.blockEdit,
        appliedDateTime: now,
      };
}

/** Whether the item is a record (its label blocks deletion or edits). */
export function isRecord(item: ListItemData): boolean {
  return (
    item.complianceTag !== null && (item.complianceTag.blockDelete || item.complianceTag.blockEdit)
  );
}
