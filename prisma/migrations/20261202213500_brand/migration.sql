-- The company's brand on the invited person's pages and mails: one row, id 1.
CREATE TABLE "Brand" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "companyName" TEXT,
    "supportEmail" TEXT,
    "supportUrl" TEXT,
    "logo" BYTEA,
    "logoType" TEXT,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Brand_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Brand_single_row" CHECK ("id" = 1)
);
