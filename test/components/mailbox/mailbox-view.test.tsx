import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { MailboxView } from '../../../src/features/mailbox/components/mailbox-view.tsx';
import { GraphError } from '../../../src/m365/errors.ts';
import type { HostMailItem } from '../../../src/m365/host.ts';
import { utf8TextToBase64 } from '../../../src/m365/base64.ts';
import { findMailReferenceInRawHeaders } from '../../../src/m365/mail-reference.ts';
import axe from 'axe-core';
import { fakeMailbox, kari, ola, receivedMessage, reference } from './fake-mailbox.ts';
import { renderWithMailbox } from './render-mailbox.tsx';

/**
 * The review task pane is another feature's and is being written: this stand-in keeps its test id
 * and records the mail item it was given, so these tests can read the item as the pane would.
 */
const pane = vi.hoisted(() => {
  const items: HostMailItem[] = [];
  return { items };
});
vi.mock('../../../src/features/reviews/components/review-task-pane.tsx', () => ({
  ReviewTaskPane: ({ item }: { item: HostMailItem }) => {
    pane.items.push(item);
    return <div data-testid="review-task-pane">{item.subject}</div>;
  },
}));

const review = receivedMessage('m-review', { receivedDateTime: '2026-03-02T08:15:00Z' });
const older = receivedMessage('m-older', {
  subject: 'Møte om arkivplan',
  from: { name: 'Ingrid Berg', address: 'ingrid.berg@bodo.example' },
  receivedDateTime: '2026-02-27T14:05:00Z',
  body: { contentType: 'text', content: 'Hei Ola,\nSe vedlagt <plan> & notater.' },
});

function frameOf(): HTMLIFrameElement {
  const frame = screen.getByTitle(/^Innholdet i e-posten/);
  if (!(frame instanceof HTMLIFrameElement)) throw new Error('the body is not in a frame');
  return frame;
}

async function openMessage(name: RegExp) {
  const user = userEvent.setup();
  await user.click(await screen.findByRole('option', { name }));
  await screen.findByRole('heading', { level: 3 });
  return user;
}

describe('MailboxView', () => {
  it('lists the Inbox: sender, subject, received time in Oslo, unread ones marked', async () => {
    const mailbox = fakeMailbox([review, older], ['m-older']);
    renderWithMailbox(<MailboxView />, mailbox);

    const list = await screen.findByRole('listbox', { name: 'Innboks' });
    const options = within(list).getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]).toHaveAccessibleName(
      'Ulest: Kari Nordmann, Gjennomgang av tilganger, 02.03.2026, 09:15',
    );
    expect(options[1]).toHaveAccessibleName('Ingrid Berg, Møte om arkivplan, 27.02.2026, 15:05');
    expect(screen.getByRole('status')).toHaveTextContent('E-poster: 2, uleste: 1');
    expect(screen.getByText('Velg en e-post i listen for å lese den.')).toBeInTheDocument();
    expect(mailbox.listInbox).toHaveBeenCalledWith({ top: 50 });
  });

  it('says when the Inbox is empty, and refreshes on request', async () => {
    const user = userEvent.setup();
    const mailbox = fakeMailbox([]);
    renderWithMailbox(<MailboxView />, mailbox);
    expect(await screen.findByText('Innboksen er tom.')).toBeInTheDocument();

    mailbox.listInbox.mockResolvedValueOnce([
      {
        id: 'm-new',
        conversationId: null,
        subject: 'Ny e-post',
        from: kari,
        receivedDateTime: '2026-03-02T09:00:00Z',
        bodyPreview: '',
        isRead: false,
        reference: null,
      },
    ]);
    await user.click(screen.getByRole('button', { name: 'Oppdater' }));
    expect(await screen.findByRole('option', { name: /Ny e-post/ })).toBeInTheDocument();
    expect(screen.queryByText('Innboksen er tom.')).not.toBeInTheDocument();
  });

  it('says in Norwegian when the Inbox cannot be read, and tries again', async () => {
    const user = userEvent.setup();
    const mailbox = fakeMailbox([review]);
    mailbox.listInbox.mockRejectedValueOnce(new GraphError('unavailable', 'down', 503));
    renderWithMailbox(<MailboxView />, mailbox);

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Vi fikk ikke hentet dette.');
    expect(alert).toHaveTextContent('Microsoft 365 svarer ikke akkurat nå. Prøv igjen om litt.');
    await user.click(within(alert).getByRole('button', { name: 'Prøv igjen' }));
    expect(await screen.findByRole('option', { name: /Gjennomgang av tilganger/ })).toBeVisible();
  });

  it('says so when the page has no mailbox', () => {
    renderWithMailbox(<MailboxView />, undefined);
    expect(screen.getByRole('alert')).toHaveTextContent('Innboksen er ikke tilgjengelig her');
  });

  it('opens a message: envelope, and the body in a sandboxed frame with a script-free policy', async () => {
    const mailbox = fakeMailbox([
      receivedMessage('m-review', { cc: [{ name: 'Ingrid Berg', address: 'ingrid@x.example' }] }),
    ]);
    renderWithMailbox(<MailboxView />, mailbox);
    await openMessage(/Gjennomgang av tilganger/);

    const reading = screen.getByRole('article', { name: 'Gjennomgang av tilganger' });
    expect(within(reading).getByText('Fra').nextElementSibling).toHaveTextContent(
      'Kari Nordmann <kari.nordmann@bodo.example>',
    );
    expect(within(reading).getByText('Til').nextElementSibling).toHaveTextContent(
      'Ola Hansen <ola.hansen@bodo.example>',
    );
    expect(within(reading).getByText('Kopi').nextElementSibling).toHaveTextContent(
      'Ingrid Berg <ingrid@x.example>',
    );
    expect(within(reading).getByText('Mottatt').nextElementSibling).toHaveTextContent(
      /2\. mars 2026.*09:15/,
    );
    expect(screen.getByRole('option', { name: /Gjennomgang/ })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    const frame = frameOf();
    expect(frame).toHaveAccessibleName('Innholdet i e-posten «Gjennomgang av tilganger»');
    expect(frame.getAttribute('sandbox')).toBe('');
    const srcdoc = frame.getAttribute('srcdoc') ?? '';
    expect(srcdoc).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'none';/,
    );
    expect(srcdoc).toContain('<p>Svar JA eller NEI.</p>');
    // The body is in the frame only, never in the page (the list shows Graph's plain-text preview).
    expect(within(reading).queryByText(/Svar JA eller NEI/)).not.toBeInTheDocument();
    expect(document.querySelector('p')).toBeNull();
  });

  it('never runs or injects a script from a body', async () => {
    const hostile = receivedMessage('m-hostile', {
      subject: 'Farlig',
      body: {
        contentType: 'html',
        content:
          '<html><head><meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/"></head>' +
          '<body><p>Hei</p><script>window.mailScriptRan = true</script>' +
          '<img src="x" onerror="window.mailScriptRan = true"></body></html>',
      },
    });
    renderWithMailbox(<MailboxView />, fakeMailbox([hostile]));
    await openMessage(/Farlig/);

    const srcdoc = frameOf().getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain('<p>Hei</p>');
    expect(srcdoc).not.toMatch(/<script/i);
    expect(srcdoc).not.toContain('evil.example');
    // The handler attribute stays in the frame, where the sandbox keeps it from running.
    expect(frameOf().getAttribute('sandbox')).toBe('');
    expect(document.querySelectorAll('script, img')).toHaveLength(0);
    expect(
      within(screen.getByRole('article', { name: 'Farlig' })).queryByText(/Hei/),
    ).not.toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Reflect.get(window, 'mailScriptRan')).toBeUndefined();
  });

  it('shows a plain-text body as text, escaped', async () => {
    renderWithMailbox(<MailboxView />, fakeMailbox([older]));
    await openMessage(/Møte om arkivplan/);
    const srcdoc = frameOf().getAttribute('srcdoc') ?? '';
    expect(srcdoc).toContain(
      '<pre class="plain">Hei Ola,\nSe vedlagt &lt;plan&gt; &amp; notater.</pre>',
    );
  });

  it('moves through the messages with the keyboard, opening each one', async () => {
    const user = userEvent.setup();
    const third = receivedMessage('m-third', {
      subject: 'Tredje',
      receivedDateTime: '2026-02-20T10:00:00Z',
    });
    renderWithMailbox(<MailboxView />, fakeMailbox([review, older, third]));
    const first = await screen.findByRole('option', { name: /Gjennomgang/ });

    await user.tab(); // the refresh button
    await user.tab();
    expect(first).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByRole('option', { name: /Møte om arkivplan/ })).toHaveFocus();
    expect(await screen.findByRole('article', { name: 'Møte om arkivplan' })).toBeInTheDocument();
    await user.keyboard('{End}');
    expect(await screen.findByRole('article', { name: 'Tredje' })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: /Tredje/ })).toHaveFocus();
    await user.keyboard('{ArrowDown}{Home}');
    expect(
      await screen.findByRole('article', { name: 'Gjennomgang av tilganger' }),
    ).toBeInTheDocument();
    expect(first).toHaveFocus();
    // One Tab stop: Tab leaves the list for the open message's toolbar.
    await user.tab();
    expect(screen.getByRole('button', { name: 'Svar' })).toHaveFocus();
  });

  it('opens the Elements tilgang add-in beside the message, reading it through HostMailItem', async () => {
    pane.items = [];
    renderWithMailbox(<MailboxView />, fakeMailbox([review]));
    const user = await openMessage(/Gjennomgang av tilganger/);

    const toolbar = screen.getByRole('toolbar', { name: 'Handlinger for e-posten' });
    const addIn = within(toolbar).getByRole('button', { name: 'Elements tilgang' });
    expect(addIn).toHaveAttribute('aria-expanded', 'false');
    await user.click(addIn);

    const aside = screen.getByRole('complementary', { name: 'Elements tilgang' });
    expect(addIn).toHaveAttribute('aria-expanded', 'true');
    expect(addIn).toHaveAttribute('aria-controls', aside.id);
    expect(within(aside).getByTestId('review-task-pane')).toHaveTextContent(
      'Gjennomgang av tilganger',
    );
    expect(within(aside).getByRole('heading', { name: 'Elements tilgang' })).toHaveFocus();

    const item = pane.items[pane.items.length - 1];
    expect(item?.subject).toBe('Gjennomgang av tilganger');
    expect(item?.internetMessageId).toBe('<m-review@bodo.example>');
    const headers = (await item?.getInternetHeaders()) ?? '';
    expect(headers.split('\r\n')).toEqual([
      'From: Kari Nordmann <kari.nordmann@bodo.example>',
      'Subject: Gjennomgang av tilganger',
      'Message-ID: <m-review@bodo.example>',
      `x-elements-tilgang: ${JSON.stringify(reference)}`,
    ]);
    expect(findMailReferenceInRawHeaders(headers)).toEqual(reference);

    await user.click(within(aside).getByRole('button', { name: 'Lukk tillegget' }));
    expect(screen.queryByRole('complementary')).not.toBeInTheDocument();
    expect(addIn).toHaveFocus();
  });

  it('keeps the add-in open from message to message, with the new message in it', async () => {
    pane.items = [];
    renderWithMailbox(<MailboxView />, fakeMailbox([review, older]));
    const user = await openMessage(/Gjennomgang av tilganger/);
    await user.click(screen.getByRole('button', { name: 'Elements tilgang' }));
    await user.click(screen.getByRole('option', { name: /Møte om arkivplan/ }));

    const aside = await screen.findByRole('complementary', { name: 'Elements tilgang' });
    await waitFor(() =>
      expect(within(aside).getByTestId('review-task-pane')).toHaveTextContent('Møte om arkivplan'),
    );
    // The list keeps focus: a new message does not pull it into the pane.
    expect(screen.getByRole('option', { name: /Møte om arkivplan/ })).toHaveFocus();
  });

  it('replies in plain text through the mailbox and confirms it in Norwegian', async () => {
    const mailbox = fakeMailbox([review]);
    renderWithMailbox(<MailboxView />, mailbox);
    const user = await openMessage(/Gjennomgang av tilganger/);

    await user.click(screen.getByRole('button', { name: 'Svar' }));
    const box = screen.getByRole('textbox', { name: 'Svaret ditt' });
    expect(box).toHaveFocus();
    await user.type(box, 'JA');
    await user.click(screen.getByRole('button', { name: 'Send svar' }));

    expect(await screen.findByText('Svaret ditt er sendt til Kari Nordmann.')).toBeVisible();
    expect(mailbox.reply).toHaveBeenCalledTimes(1);
    expect(mailbox.reply).toHaveBeenCalledWith('m-review', 'JA');
    expect(screen.queryByRole('textbox', { name: 'Svaret ditt' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Svar' })).toHaveFocus();
  });

  it('asks for a reply before sending an empty one', async () => {
    const mailbox = fakeMailbox([review]);
    renderWithMailbox(<MailboxView />, mailbox);
    const user = await openMessage(/Gjennomgang av tilganger/);
    await user.click(screen.getByRole('button', { name: 'Svar' }));
    await user.type(screen.getByRole('textbox', { name: 'Svaret ditt' }), '   ');
    await user.click(screen.getByRole('button', { name: 'Send svar' }));

    expect(screen.getByText('Skriv et svar før du sender.')).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Svaret ditt' })).toHaveFocus();
    expect(mailbox.reply).not.toHaveBeenCalled();
  });

  it('says in Norwegian when the reply was not sent, and keeps what was written', async () => {
    const mailbox = fakeMailbox([review]);
    mailbox.reply.mockRejectedValueOnce(new GraphError('forbidden', 'denied', 403));
    renderWithMailbox(<MailboxView />, mailbox);
    const user = await openMessage(/Gjennomgang av tilganger/);
    await user.click(screen.getByRole('button', { name: 'Svar' }));
    await user.type(screen.getByRole('textbox', { name: 'Svaret ditt' }), 'NEI');
    await user.click(screen.getByRole('button', { name: 'Send svar' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Svaret ble ikke sendt');
    expect(alert).toHaveTextContent('Du har ikke tilgang til dette.');
    expect(screen.getByRole('textbox', { name: 'Svaret ditt' })).toHaveValue('NEI');

    await user.click(screen.getByRole('button', { name: 'Send svar' }));
    expect(await screen.findByText('Svaret ditt er sendt til Kari Nordmann.')).toBeVisible();
    expect(mailbox.reply).toHaveBeenCalledTimes(2);
  });

  it('lists the attachments of an open message, name and size, but not inline images', async () => {
    pane.items = [];
    const withFiles = receivedMessage('m-files', { hasAttachments: true });
    const json = JSON.stringify({ kind: 'review-lines', lines: ['Skolekontoret'] });
    const mailbox = fakeMailbox([withFiles, older], [], {
      'm-files': [
        {
          id: 'a-1',
          name: 'gjennomgang.json',
          contentType: 'application/json',
          size: 412,
          isInline: false,
          contentBytes: utf8TextToBase64(json),
        },
        {
          id: 'a-2',
          name: 'logo.png',
          contentType: 'image/png',
          size: 2048,
          isInline: true,
          contentBytes: 'iVBORw0KGgo=',
        },
        {
          id: 'a-3',
          name: 'arkivplan.pdf',
          contentType: 'application/pdf',
          size: 1_258_291,
          isInline: false,
          // A PDF's second line has bytes that are not UTF-8, by convention.
          contentBytes: btoa('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'),
        },
      ],
    });
    renderWithMailbox(<MailboxView />, mailbox);
    const user = await openMessage(/Gjennomgang av tilganger/);

    const list = await screen.findByRole('list', { name: 'Vedlegg' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['gjennomgang.json, 412 B', 'arkivplan.pdf, 1,2 MB']);
    expect(mailbox.listAttachments).toHaveBeenCalledWith('m-files');

    // The add-in reads the JSON file through the same item Outlook would hand it.
    await user.click(screen.getByRole('button', { name: 'Elements tilgang' }));
    const item = pane.items[pane.items.length - 1];
    expect(item?.from).toBe('kari.nordmann@bodo.example');
    await expect(item?.getAttachments()).resolves.toEqual([
      { name: 'gjennomgang.json', contentType: 'application/json', text: json },
    ]);

    // A message without attachments shows no list and asks Graph for none.
    await user.click(screen.getByRole('option', { name: /Møte om arkivplan/ }));
    await screen.findByRole('article', { name: 'Møte om arkivplan' });
    expect(screen.queryByRole('list', { name: 'Vedlegg' })).not.toBeInTheDocument();
    expect(mailbox.listAttachments).toHaveBeenCalledTimes(1);
  });

  it('says in Norwegian when the attachments cannot be read, and still shows the message', async () => {
    const mailbox = fakeMailbox([receivedMessage('m-files', { hasAttachments: true })]);
    mailbox.listAttachments.mockRejectedValueOnce(new GraphError('unavailable', 'down', 503));
    renderWithMailbox(<MailboxView />, mailbox);
    await openMessage(/Gjennomgang av tilganger/);
    expect(await screen.findByText('Vi fikk ikke hentet vedleggene.')).toBeVisible();
    expect(frameOf()).toHaveAccessibleName('Innholdet i e-posten «Gjennomgang av tilganger»');
  });

  it('says in Norwegian when a message cannot be opened', async () => {
    const mailbox = fakeMailbox([review]);
    mailbox.getMessageContent.mockRejectedValueOnce(new GraphError('not-found', 'gone', 404));
    renderWithMailbox(<MailboxView />, mailbox);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('option', { name: /Gjennomgang/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Fant ikke det du ba om.');
  });

  it("shows another person's own Inbox when the workbench signs in as them", async () => {
    const { rerenderAs } = renderWithMailbox(<MailboxView />, fakeMailbox([review]));
    await openMessage(/Gjennomgang av tilganger/);

    const kariMailbox = fakeMailbox([
      receivedMessage('m-answer', { subject: 'RE: Gjennomgang av tilganger', from: ola }),
    ]);
    rerenderAs('kari', kariMailbox);
    expect(await screen.findByRole('option', { name: /RE: Gjennomgang/ })).toBeInTheDocument();
    expect(screen.queryByRole('article')).not.toBeInTheDocument();
    expect(screen.getByText('Velg en e-post i listen for å lese den.')).toBeInTheDocument();
    expect(kariMailbox.listInbox).toHaveBeenCalledTimes(1);
  });

  it('speaks English when the workbench does', async () => {
    const withFile = receivedMessage('m-review', { hasAttachments: true });
    const files = {
      'm-review': [
        {
          id: 'a-1',
          name: 'review.json',
          contentType: 'application/json',
          size: 1536,
          isInline: false,
          contentBytes: utf8TextToBase64('{}'),
        },
      ],
    };
    renderWithMailbox(<MailboxView />, fakeMailbox([withFile], [], files), { locale: 'en' });
    const user = await openMessage(/Gjennomgang av tilganger/);
    const list = await screen.findByRole('list', { name: 'Attachments' });
    expect(within(list).getByRole('listitem')).toHaveTextContent('review.json, 1.5 kB');
    expect(screen.getByRole('listbox', { name: 'Inbox' })).toBeInTheDocument();
    expect(screen.getByRole('option', { name: /^Unread: Kari Nordmann/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Reply' }));
    expect(screen.getByRole('textbox', { name: 'Your reply' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Send reply' })).toBeInTheDocument();
  });

  it('has no axe violations with a message, the reply box and the add-in open', async () => {
    const { container } = renderWithMailbox(<MailboxView />, fakeMailbox([review, older]));
    const user = await openMessage(/Gjennomgang av tilganger/);
    await user.click(screen.getByRole('button', { name: 'Svar' }));
    await user.click(screen.getByRole('button', { name: 'Elements tilgang' }));
    // As expectNoAxeViolations, but not into the body's frame: jsdom cannot talk to it, and the
    // sender's markup is not ours to judge.
    const results = await axe.run(container, {
      iframes: false,
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });
});
