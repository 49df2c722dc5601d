/** A page that is not built yet, saying so and what it will do, rather than pretending. */
export function Placeholder({ title, plan }: { title: string; plan: string }): React.JSX.Element {
  return (
    <section>
      <h1>{title}</h1>
      <p className="placeholder" data-testid="placeholder">
        Not built yet. This page will: {plan}
      </p>
    </section>
  );
}
