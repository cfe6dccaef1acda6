-- The language of the consent page an attempt was started from (ui_locales, the outcome page).
ALTER TABLE "ConsentAttempt" ADD COLUMN "locale" TEXT;
