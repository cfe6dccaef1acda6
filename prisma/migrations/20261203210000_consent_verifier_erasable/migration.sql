-- A consent attempt's PKCE verifier is erased with the grant it led to (the attempt itself stays:
-- its outcome is what the disconnect and outcome pages read).
ALTER TABLE "ConsentAttempt" ALTER COLUMN "codeVerifierCipher" DROP NOT NULL;
