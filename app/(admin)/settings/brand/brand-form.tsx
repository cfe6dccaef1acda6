"use client";
// The brand form: company name, support contact and a logo upload (checked here for size, and again
// on the server by its bytes), with a preview of the invited person's page header.
import { useState } from "react";
import { Button } from "@/components/button";
import { Field } from "@/components/field";
import { Input } from "@/components/input";
import { useSaveForm } from "@/components/use-save-form";
import { LOGO_MAX_BYTES, LOGO_TYPES, type BrandView } from "@/lib/shared/brand";
import { saveBrand } from "./actions";

export function BrandForm({ brand }: { brand: BrandView }) {
  const { pending, hydrated, failure, setFailure, save } = useSaveForm(saveBrand, "Brand saved");
  const [logoError, setLogoError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(brand.logoDataUrl);
  const [name, setName] = useState(brand.configured ? brand.name : "");
  const errorOf = (field: string) => (field === "logo" && logoError) || failure?.fieldErrors?.[field]?.[0] || null;

  return (
    <form
      noValidate
      className="max-w-2xl space-y-6"
      onSubmit={(event) => {
        event.preventDefault();
        if (!logoError) save(event.currentTarget);
      }}
    >
      <section aria-labelledby="brand-preview-heading" className="rounded-lg border border-line bg-canvas p-4">
        <h2 id="brand-preview-heading" className="mb-3 text-sm font-medium text-ink-muted">
          Preview of an invited person&apos;s page
        </h2>
        <div className="flex items-center gap-2.5" data-testid="brand-preview">
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL of the upload, not an optimisable asset */}
          {preview ? <img src={preview} alt="" className="h-8 w-auto max-w-40 object-contain" /> : null}
          <span className="text-lg font-semibold tracking-tight">{name.trim() || "Guestpass"}</span>
        </div>
      </section>
      <Field
        id="companyName"
        label="Company name (optional)"
        hint="Shown instead of Guestpass on every page and mail an invited person sees."
        error={errorOf("companyName")}
      >
        <Input
          name="companyName"
          defaultValue={brand.configured ? brand.name : ""}
          maxLength={120}
          autoComplete="organization"
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          id="supportEmail"
          label="Support email (optional)"
          hint="Where invited people can ask for help."
          error={errorOf("supportEmail")}
        >
          <Input name="supportEmail" type="email" defaultValue={brand.supportEmail ?? ""} autoComplete="email" />
        </Field>
        <Field
          id="supportUrl"
          label="Support page (optional)"
          hint="An https:// address."
          error={errorOf("supportUrl")}
        >
          <Input name="supportUrl" type="url" defaultValue={brand.supportUrl ?? ""} placeholder="https://" />
        </Field>
      </div>
      <Field
        id="logo"
        label="Logo (optional)"
        hint={`PNG, JPEG or WebP, up to ${LOGO_MAX_BYTES / 1024} kB; shown about 40 px high.`}
        error={errorOf("logo")}
      >
        <input
          id="logo"
          name="logo"
          type="file"
          accept={LOGO_TYPES.join(",")}
          className="block w-full text-sm text-ink file:mr-3 file:rounded-md file:border file:border-line file:bg-surface file:px-3 file:py-1.5 file:text-sm"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            setLogoError(null);
            setFailure(null);
            if (!file) return setPreview(brand.logoDataUrl);
            if (file.size > LOGO_MAX_BYTES)
              return setLogoError(
                `The logo is ${Math.ceil(file.size / 1024)} kB; the limit is ${LOGO_MAX_BYTES / 1024} kB.`,
              );
            setPreview(URL.createObjectURL(file));
          }}
        />
      </Field>
      {brand.logoDataUrl ? (
        <label className="flex items-center gap-2 text-sm text-ink">
          <input
            type="checkbox"
            name="removeLogo"
            className="size-4"
            onChange={(e) => setPreview(e.target.checked ? null : brand.logoDataUrl)}
          />
          Remove the current logo
        </label>
      ) : null}
      {failure && !failure.fieldErrors ? (
        <p role="alert" className="rounded-md bg-danger-soft px-3 py-2.5 text-sm text-danger">
          {failure.message}
        </p>
      ) : null}
      <Button type="submit" disabled={pending || !hydrated}>
        {pending ? "Saving…" : "Save brand"}
      </Button>
    </form>
  );
}
