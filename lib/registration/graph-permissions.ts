import "server-only";
// Microsoft Graph's permission ids, the same in every tenant: an app registration's
// requiredResourceAccess (and so its manifest) names permissions by them, `Scope` for delegated
// permissions and `Role` for application permissions (Microsoft Graph permissions reference).
export const MICROSOFT_GRAPH_RESOURCE_APP_ID = "00000003-0000-0000-c000-000000000000";

export const DELEGATED_PERMISSION_IDS: Readonly<Record<string, string>> = {
  openid: "37f7f235-527c-4136-accd-4a02d197296e",
  offline_access: "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
  email: "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
  profile: "14dad69e-099b-42c9-810b-d002981feec1",
  "User.Read": "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
  "User.ReadBasic.All": "b340eb25-3456-403f-be2f-af7a0d370277",
  "Mail.Read": "570282fd-fa5c-430d-a7fd-fc8dc98a9dca",
  "Mail.ReadWrite": "024d486e-b451-40bb-833d-3e66d98c5c73",
  "Mail.Send": "e383f46e-2787-4529-855e-0e479a3ffac0",
  "Mail.Send.Shared": "a367ab51-6b49-43bf-a716-a1fb06d2a174",
};

export const APPLICATION_PERMISSION_IDS: Readonly<Record<string, string>> = {
  "User.Invite.All": "09850681-111b-4a89-9bed-3f2cae46d706",
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "User.ReadWrite.All": "741f803b-c850-494e-b5df-cde7c675a1ca",
  "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
  "Policy.Read.All": "246dd0d5-5bd0-4def-940b-0421030a5b68",
};

/** Name of a delegated permission id, when Guestpass knows it. */
export function delegatedPermissionName(id: string): string | undefined {
  return Object.entries(DELEGATED_PERMISSION_IDS).find(([, known]) => known === id)?.[0];
}
