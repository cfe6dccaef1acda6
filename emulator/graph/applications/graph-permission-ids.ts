// Microsoft Graph's permission ids as Entra publishes them (the same in every tenant): an app
// registration's requiredResourceAccess names permissions by these GUIDs, `type` "Scope" for a
// delegated permission and "Role" for an application permission (permissions reference).
// Only the permissions the emulator's apps use are listed; others are left out of
// requiredResourceAccess.
export const GRAPH_DELEGATED_PERMISSION_IDS: Readonly<Record<string, string>> = {
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

export const GRAPH_APPLICATION_PERMISSION_IDS: Readonly<Record<string, string>> = {
  "User.Invite.All": "09850681-111b-4a89-9bed-3f2cae46d706",
  "User.Read.All": "df021288-bdef-4463-88db-98f22de89214",
  "User.ReadWrite.All": "741f803b-c850-494e-b5df-cde7c675a1ca",
  "Directory.Read.All": "7ab1d382-f21e-4acd-a863-ba3e13f7da61",
  "Directory.ReadWrite.All": "19dbc75e-c2e2-444c-a770-ec69d8559fc7",
  "Application.Read.All": "9a5d68dd-52b0-4cc2-bd40-abcf44ac3a30",
  "Policy.Read.All": "246dd0d5-5bd0-4def-940b-0421030a5b68",
  "Mail.Send": "b633e1c5-b582-4048-a93e-9f11b44c7e96",
};
