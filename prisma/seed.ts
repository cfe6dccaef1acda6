// Demo data: a handful of invitations, one in each interesting state, each with its timeline.
// Idempotent: an invitation that already exists (by address) is left as it is, events included.
import { disconnectPrisma, prisma } from "@/lib/db/client";
import type { InvitationStatus, Prisma } from "@/lib/db/generated/client";
import type { InvitationEventType } from "@/lib/invitations/lifecycle";

interface DemoInvitation {
  email: string;
  displayName: string;
  userType?: "Guest" | "Member";
  path: InvitationStatus[];
  extra?: Partial<Prisma.InvitationCreateInput>;
  ageHours: number;
}

const demoInvitations: DemoInvitation[] = [
  { email: "nora.queued@fabrikam.example", displayName: "Nora Lindqvist", path: ["Queued"], ageHours: 0.1 },
  {
    email: "omar.pending@fabrikam.example",
    displayName: "Omar Haddad",
    path: ["Queued", "Sending", "PendingAcceptance"],
    extra: { externalUserState: "PendingAcceptance" },
    ageHours: 5,
  },
  {
    email: "li.accepted@northwind.example",
    displayName: "Li Wei",
    path: ["Queued", "Sending", "PendingAcceptance", "Accepted"],
    extra: { externalUserState: "Accepted" },
    ageHours: 30,
  },
  {
    email: "grace.consented@northwind.example",
    displayName: "Grace Okafor",
    userType: "Member",
    path: ["Queued", "Sending", "PendingAcceptance", "Accepted", "Consented"],
    extra: { externalUserState: "Accepted" },
    ageHours: 72,
  },
  {
    email: "sam.failed@tailspin.example",
    displayName: "Sam Ortiz",
    path: ["Queued", "Sending", "Failed"],
    extra: {
      lastErrorCode: "Authorization_RequestDenied",
      lastErrorMessage: "Insufficient privileges to complete the operation.",
      lastErrorRequestId: "00000000-0000-4000-8000-000000000001",
    },
    ageHours: 50,
  },
  {
    email: "ivy.expired@tailspin.example",
    displayName: "Ivy Brennan",
    path: ["Queued", "Sending", "PendingAcceptance", "Accepted", "Consented", "ConsentExpired"],
    extra: { externalUserState: "Accepted", lastErrorCode: "invalid_grant" },
    ageHours: 24 * 40,
  },
];

function eventType(to: InvitationStatus): InvitationEventType {
  const types: Record<InvitationStatus, InvitationEventType> = {
    Queued: "created",
    Sending: "sending",
    PendingAcceptance: "sent",
    Accepted: "status_synced",
    Consented: "consented",
    Failed: "send_failed",
    ConsentExpired: "consent_expired",
    Revoked: "revoked",
  };
  return types[to];
}

async function seedInvitation(demo: DemoInvitation, index: number): Promise<boolean> {
  const existing = await prisma.invitation.findUnique({ where: { email: demo.email }, select: { id: true } });
  if (existing) return false;
  const start = Date.now() - demo.ageHours * 3_600_000;
  const status = demo.path.at(-1) ?? "Queued";
  const sent = demo.path.includes("PendingAcceptance");
  await prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.create({
      data: {
        email: demo.email,
        displayName: demo.displayName,
        userType: demo.userType ?? "Guest",
        status,
        version: demo.path.length - 1,
        graphUserId: sent ? `00000000-0000-4000-a000-${String(index + 1).padStart(12, "0")}` : null,
        createdAt: new Date(start),
        ...demo.extra,
      },
    });
    await tx.invitationEvent.createMany({
      data: demo.path.map((to, step) => ({
        invitationId: invitation.id,
        type: eventType(to),
        fromStatus: step === 0 ? null : demo.path[step - 1],
        toStatus: to,
        actorType: to === "Accepted" || to === "Consented" ? ("InvitedUser" as const) : ("System" as const),
        detail: { seeded: true },
        createdAt: new Date(start + step * 60_000),
      })),
    });
  });
  return true;
}

async function main() {
  let created = 0;
  for (const [index, demo] of demoInvitations.entries()) {
    if (await seedInvitation(demo, index)) created += 1;
  }
  console.log(`Seed: ${created} demo invitation(s) created, ${demoInvitations.length - created} already present.`);
}

try {
  await main();
} finally {
  await disconnectPrisma();
}
