// Which navigation entry a page belongs to: the most specific one whose address is the page's or a
// prefix of it (/invitations/bulk is "Bulk invite", not "Invitations"). Used by client navigation.
export function currentSectionHref(pathname: string, hrefs: readonly string[]): string | undefined {
  const matches = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  return hrefs.filter(matches).sort((a, b) => b.length - a.length)[0];
}
