"use client";
// Any page without a closer boundary (and the staff shell itself) ends here rather than at Next's
// default "Application error". It cannot know who is looking, so it speaks to both.
import { PublicPageError, type PageErrorProps } from "@/components/page-error";

export default function RootError(props: PageErrorProps) {
  return <PublicPageError {...props} />;
}
