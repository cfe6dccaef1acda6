import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { SettingsIcon } from "@/components/icons";
import { LocalTime } from "@/components/local-time";
import { PageHeader } from "@/components/page-header";
import { requireAdmin } from "@/lib/auth/session";
import { deploymentRegistration } from "@/lib/registration/deployment";
import { pasteValueGroups } from "@/lib/registration/paste-values";
import { latestRegistrationCheck } from "@/lib/registration/store";
import { CheckResults } from "./check-results";
import { CheckStatusBadge } from "./check-status-badge";
import { DeploymentValues } from "./deployment-values";
import { RunCheckButton } from "./run-check-button";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  await requireAdmin("/settings");
  const [latest, deployment] = [await latestRegistrationCheck(), deploymentRegistration()];
  return (
    <>
      <PageHeader
        title="App registration"
        description="Checks the app registration end to end with Microsoft: credential, permissions, redirect URIs, app roles, publisher, secret expiry, guest invite settings and the consent sign-in."
        actions={<RunCheckButton label={latest ? "Run check again" : "Run check"} />}
      />
      <div className="space-y-6">
        {latest ? (
          <>
            <p
              className="flex flex-wrap items-center gap-2 text-sm text-ink-muted"
              data-testid="last-checked"
              data-run-id={latest.id}
            >
              <CheckStatusBadge status={latest.report.status} />
              <span>
                Last checked <LocalTime date={latest.ranAt} />{" "}
                {latest.trigger === "Schedule"
                  ? "by the daily check"
                  : latest.ranByEmail
                    ? `by ${latest.ranByEmail}`
                    : ""}
                .
              </span>
            </p>
            <CheckResults report={latest.report} />
          </>
        ) : (
          <EmptyState
            icon={<SettingsIcon />}
            title="No checks run yet"
            description="Run the check to see what works and how to fix what does not. It also runs once a day in the background."
          />
        )}
        <DeploymentValues groups={pasteValueGroups(deployment)} />
      </div>
    </>
  );
}
