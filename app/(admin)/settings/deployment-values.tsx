// The exact values this deployment needs in its app registration, to paste into the Entra admin
// center, and the generated manifest and PowerShell script that set them all at once.
import { buttonClasses } from "@/components/button";
import type { PasteValue } from "@/lib/shared/registration";
import { PasteValueRow } from "./paste-value";

export interface DeploymentValuesProps {
  groups: { title: string; hint: string; values: PasteValue[] }[];
}

export function DeploymentValues({ groups }: DeploymentValuesProps) {
  return (
    <section
      aria-labelledby="deployment-values"
      className="space-y-4 rounded-lg border border-line bg-surface px-4 py-4"
    >
      <div className="space-y-1">
        <h2 id="deployment-values" className="text-base font-semibold text-ink">
          Values for this deployment
        </h2>
        <p className="text-sm text-ink-muted">
          What the app registration must contain for this portal, exactly as Microsoft compares it. Paste them by hand,
          or let the manifest or the script create the registration with all of them.
        </p>
      </div>
      <div className="flex flex-wrap gap-2">
        <a className={buttonClasses("secondary", "sm")} href="/settings/registration/manifest" download>
          Download app manifest
        </a>
        <a className={buttonClasses("secondary", "sm")} href="/settings/registration/script" download>
          Download PowerShell script
        </a>
      </div>
      {groups.map((group) => (
        <div key={group.title} className="space-y-2">
          <h3 className="text-sm font-semibold text-ink">{group.title}</h3>
          <p className="text-xs text-ink-muted">{group.hint}</p>
          <div className="space-y-2">
            {group.values.map((value) => (
              <PasteValueRow key={`${value.label}:${value.value}`} item={value} />
            ))}
          </div>
        </div>
      ))}
    </section>
  );
}
