// How Guestpass read the uploaded file, so a surprise (a column not used, names taken from
// First/Last Name, a separator other than commas) shows before anything is sent.
import { CSV_DELIMITER_NAMES, CSV_FIELD_LABELS } from "@/lib/invitations/csv";
import type { BulkFileLayout } from "@/lib/invitations/queries/bulk-runs";
import type { InvitationField } from "@/lib/shared/invitation-validation";

const fieldLabel = (field: string) =>
  Object.hasOwn(CSV_FIELD_LABELS, field) ? CSV_FIELD_LABELS[field as InvitationField] : field;

export function FileLayout({ layout }: { layout: BulkFileLayout }) {
  const used = Object.entries(layout.columns);
  return (
    <div
      data-testid="csv-layout"
      className="space-y-1.5 rounded-md bg-surface-muted px-3 py-2.5 text-xs text-ink-muted"
    >
      <p>
        Columns separated by <strong className="font-medium text-ink">{CSV_DELIMITER_NAMES[layout.delimiter]}</strong>.{" "}
        {used.length > 0 ? (
          <>
            Read:{" "}
            {used.map(([field, header], index) => (
              <span key={field}>
                {index > 0 ? "; " : ""}
                {fieldLabel(field)} from <q className="text-ink">{header}</q>
              </span>
            ))}
            .
          </>
        ) : null}
      </p>
      {layout.ignoredColumns.length > 0 ? (
        <p data-testid="csv-ignored">
          Not used ({layout.ignoredColumns.length} column{layout.ignoredColumns.length === 1 ? "" : "s"}):{" "}
          {layout.ignoredColumns.map((header, index) => (
            <span key={`${index}-${header}`}>
              {index > 0 ? ", " : ""}
              <q className="text-ink">{header}</q>
            </span>
          ))}
          . To use one, name it as the upload page lists (email, displayName, userType, message, cc, language,
          sendInvitationMessage) and upload the file again.
        </p>
      ) : null}
    </div>
  );
}
