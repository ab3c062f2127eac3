import { h, replace } from '../dom';

/**
 * What a caller without webhook access sees: the reason, and no data (the page asked only
 * `ui/me`, which the module refused).
 */
export function renderNoAccess(main: HTMLElement, status: number): void {
  document.title = 'Webhooks – no access';
  const heading = h('h1', { tabindex: '-1' }, status === 401 ? 'Please sign in' : 'No access to webhooks');
  replace(
    main,
    heading,
    status === 401
      ? h('p', { class: 'notice' }, 'You are not signed in. Sign in to the lab application, then open this page again.')
      : h(
          'p',
          { class: 'notice' },
          'You need the Webhook Admin or Webhook User permission to see this page. Ask your lab administrator to grant one of them.',
        ),
  );
  heading.focus();
}
