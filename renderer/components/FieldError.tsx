interface Props {
  /** The element id the message describes (use it in that input's aria-describedby). */
  id: string;
  message: string | undefined;
}

/** The message under a form field; empty renders nothing but keeps the id target stable. */
export function FieldError({ id, message }: Props) {
  return (
    <p id={id} className="field-error" role={message ? 'alert' : undefined} hidden={!message}>
      {message}
    </p>
  );
}
