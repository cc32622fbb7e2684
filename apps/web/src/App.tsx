import { HealthStatus } from './HealthStatus';

const features = [
  {
    title: 'A terminal in your browser',
    text: 'A real shell with kubectl, vim and bash completion. Nothing to install.',
  },
  {
    title: 'Your own mini cluster',
    text: 'Every learner gets an isolated Kubernetes API of their own, ready in milliseconds.',
  },
  {
    title: 'Graded automatically',
    text: 'Press Check: each task is graded from the cluster’s state, with hints on what is wrong.',
  },
];

/** The index page: what kubebelt is, and whether this installation is healthy. */
export function App() {
  return (
    <main>
      <header>
        <h1>kubebelt</h1>
        <p className="tagline">Learn Kubernetes hands-on for CKA, CKAD and HCCDA.</p>
      </header>
      <p className="intro">
        kubebelt is a self-hostable platform for practising Kubernetes: a browser terminal with
        kubectl wired to your own isolated mini cluster, with labs and timed exams graded
        automatically.
      </p>
      <ul className="features">
        {features.map((feature) => (
          <li key={feature.title}>
            <h2>{feature.title}</h2>
            <p>{feature.text}</p>
          </li>
        ))}
      </ul>
      <HealthStatus />
    </main>
  );
}
