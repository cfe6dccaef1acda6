import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/config";
import { withSignInFailureCodes } from "@/lib/auth/sign-in-failure";

// Auth.js's handlers, with failed sign-ins named for the sign-in page (lib/auth/sign-in-failure.ts).
export const GET = (request: NextRequest) => withSignInFailureCodes(request, handlers.GET);
export const POST = (request: NextRequest) => withSignInFailureCodes(request, handlers.POST);
