-- Settings, Registration: the report of each check run, dated (the newest drives the staff banner).
CREATE TYPE "RegistrationCheckStatus" AS ENUM ('pass', 'warn', 'fail', 'info');
CREATE TYPE "RegistrationCheckTrigger" AS ENUM ('Staff', 'Schedule');

CREATE TABLE "RegistrationCheckRun" (
    "id" TEXT NOT NULL,
    "ranAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" "RegistrationCheckStatus" NOT NULL,
    "trigger" "RegistrationCheckTrigger" NOT NULL,
    "ranById" TEXT,
    "credentialExpiresAt" TIMESTAMP(3),
    "report" JSONB NOT NULL,
    CONSTRAINT "RegistrationCheckRun_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "RegistrationCheckRun_ranAt_idx" ON "RegistrationCheckRun"("ranAt" DESC);
