import { Component, type ReactNode } from 'react';

interface Props {
  page: string;
  children: ReactNode;
}

/** Keeps one broken or unfinished page from taking the whole window down. */
export class PageErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidUpdate(prev: Props) {
    if (prev.page !== this.props.page && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="notice error" role="alert">
        <div>
          <strong>The {this.props.page} page failed to load.</strong>
          <p>{this.state.error.message}</p>
        </div>
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
