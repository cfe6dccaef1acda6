-- AlterTable
ALTER TABLE "Grant" ADD COLUMN     "refreshFailures" INTEGER NOT NULL DEFAULT 0;

