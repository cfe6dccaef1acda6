import clsx from "clsx";
import type { ButtonHTMLAttributes } from "react";

type Variant = "primary" | "secondary" | "ghost" | "danger";
type Size = "sm" | "md" | "lg";

/**
 * A button's look (or a link's that acts as one): component classes in app/globals.css (gp-btn-*),
 * so every page carries a few short names per button, not the same utility list each time in its
 * HTML and again in its RSC payload. A `className` given beside them still wins (utilities layer).
 */
export function buttonClasses(variant: Variant = "primary", size: Size = "md", className?: string): string {
  return clsx("gp-btn", `gp-btn-${variant}`, `gp-btn-${size}`, className);
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  size?: Size;
}

export function Button({ variant, size, className, type = "button", ...props }: ButtonProps) {
  return <button type={type} className={buttonClasses(variant, size, className)} {...props} />;
}
