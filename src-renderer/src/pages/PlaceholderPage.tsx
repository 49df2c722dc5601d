export function PlaceholderPage({ title, plan }: { title: string; plan: string }): React.JSX.Element {
  return (
    <section>
      <h1>{title}</h1>
      <p className="placeholder" data-testid="placeholder">
        Not built yet. This page will: {plan}
      </p>
    </section>
  );
}
