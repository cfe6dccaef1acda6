// The test mail's fixed text. A test send proves that the grant works; it is not a way to write mail
// in someone else's name, so staff choose neither subject nor body, only one of two recipients.
// Client-safe (no server imports): the form shows the same text it will send.

/** Who a test mail may go to: the consented user themself, or the staff member who sends it. */
export const TEST_MAIL_RECIPIENTS = ["user", "staff"] as const;
export type TestMailRecipient = (typeof TEST_MAIL_RECIPIENTS)[number];

export interface TestMailText {
  subject: string;
  body: string;
}

/** Guestpass's own words, naming that this is a test of the connection and who asked for it. */
export function testMailText(input: { from: string; requestedBy: string }): TestMailText {
  return {
    subject: `Guestpass connection test for ${input.from}`,
    body: [
      `This is an automatic test of the connection between Guestpass and the Microsoft 365 account ${input.from}.`,
      `Guestpass sent it with the permission that account granted, at the request of ${input.requestedBy}, to check that mail can be sent.`,
      "No action is needed. Its text is fixed by Guestpass and cannot be changed by the person who sent it.",
    ].join("\n\n"),
  };
}
