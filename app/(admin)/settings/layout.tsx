// Every settings page sits under the same sub-navigation. Each page checks the admin role itself
// (with its own return address); the staff shell around this layout has already let only staff in.
import type { ReactNode } from "react";
import { SettingsNav } from "./settings-nav";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <SettingsNav />
      {children}
    </>
  );
}
