import type { HTMLAttributes, ReactNode } from "react";

const box = "rounded-lg border px-3 py-2 text-sm";
const tones = {
  error: `${box} border-red-200 bg-red-50 text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200`,
  warning: `${box} border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/30 dark:text-amber-200`,
};

interface AlertProps extends Omit<HTMLAttributes<HTMLDivElement>, "title"> {
  /** What went wrong, in a few words; the children say why. */
  title?: ReactNode;
  /** What the reader can do about it: a link, or a Try again button. */
  action?: ReactNode;
}

/** Something that went wrong, said plainly: what failed, the server's reason, what to do next. */
export function Alert({ title, action, children, className = "", ...rest }: AlertProps) {
  return (
    <div role="alert" className={`${tones.error} ${className}`.trim()} {...rest}>
      <AlertBody title={title} action={action}>
        {children}
      </AlertBody>
    </div>
  );
}

/** What the reader should know before going on (a wiki built without a model, pages left unwritten). */
export function Notice({ title, action, children, className = "", ...rest }: AlertProps) {
  return (
    <div role="note" className={`${tones.warning} ${className}`.trim()} {...rest}>
      <AlertBody title={title} action={action}>
        {children}
      </AlertBody>
    </div>
  );
}

function AlertBody({ title, action, children }: Pick<AlertProps, "title" | "action" | "children">) {
  return (
    <>
      {title ? <p className="font-medium">{title}</p> : null}
      {children ? title ? <div className="mt-1">{children}</div> : children : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </>
  );
}

/** The link or button of an alert's action. */
export const alertActionStyle = "font-medium underline underline-offset-2 hover:no-underline";

export function RetryButton({ onClick }: { onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className={alertActionStyle}>
      Try again
    </button>
  );
}
