import type { Locale } from '../../domain/locale.ts';

/** Norwegian bokmål is the source language; every key must exist in English too. */
const nb = {
  'app.name': 'Elements tilgang',
  'app.tagline': 'Tilgangsstyring for Elements',
  'host.teams': 'Microsoft Teams',
  'host.outlook': 'Outlook',
  'host.workbench': 'lokal arbeidsbenk',
  'shell.runsIn': 'Kjører i {host}',
  'shell.signedInAs': 'Pålogget som',
  'shell.loadingUser': 'Henter hvem du er …',
  'shell.userError': 'Vi fikk ikke hentet hvem du er fra Microsoft 365. {reason}',
  'shell.retry': 'Prøv igjen',
  'shell.noJobTitle': 'Ingen stillingstittel',
  'shell.connecting': 'Kobler til {host} …',
  'home.welcome': 'Velkommen, {name}',
  'home.intro':
    'Her bestiller ledere tilgang til Elements for sine ansatte, ansatte ber om tilgang til mapper unntatt offentlighet, og systemansvarlig behandler forespørsler og gjennomganger.',
  'view.triage': 'Forespørsler til behandling',
  'view.triage.description': 'Køen til systemansvarlig i Dokumentsenteret.',
  'view.reviews': 'Tilgangsgjennomganger',
  'view.reviews.description': 'Kvartalsvise og årlige gjennomganger av hvem som har tilgang.',
  'view.review': 'Gjennomgang av tilgang',
  'view.review.description': 'Svar på gjennomgangen av tilgangene dine her.',
  'workbench.signInAs': 'Logg inn som',
  'workbench.theme': 'Tema',
  'workbench.language': 'Språk',
  'workbench.identitiesError': 'Fant ikke demokatalogen i den lokale emulatoren.',
  'theme.light': 'Lyst',
  'theme.dark': 'Mørkt',
  'theme.contrast': 'Høy kontrast',
  'language.nb': 'Norsk bokmål',
  'language.en': 'English',
  'notInHost.teams.title': 'Åpne Elements tilgang i Microsoft Teams',
  'notInHost.teams.body':
    'Denne siden er en fane i Teams og virker bare der. Åpne appen «Elements tilgang» i Teams.',
  'notInHost.outlook.title': 'Åpne Elements tilgang i Outlook',
  'notInHost.outlook.body':
    'Dette er et tillegg for Outlook. Åpne e-posten om tilgangsgjennomgang i Outlook og velg «Elements tilgang» på båndet.',
  'notInHost.sdkMissing':
    'Outlook-biblioteket (office.js) ble ikke lastet. Sjekk nettverksforbindelsen og last siden på nytt.',
  'config.title': 'Sett opp fanen',
  'config.intro': 'Velg hva fanen skal vise i kanalen. Trykk deretter «Lagre».',
  'config.viewLabel': 'Visning',
  'configError.title': 'Appen er ikke riktig konfigurert',
  'configError.body':
    'Den som drifter appen må rette disse innstillingene (se .env.example) og bygge på nytt:',
  'error.unauthenticated': 'Innloggingen din er utløpt. Last siden på nytt.',
  'error.forbidden': 'Du har ikke tilgang til dette.',
  'error.not-team-member': 'Du er ikke medlem av teamet, så du kan ikke skrive i kanalen.',
  'error.not-found': 'Fant ikke det du ba om.',
  'error.conflict': 'Noen andre endret dette samtidig. Last inn på nytt og prøv igjen.',
  'error.throttled': 'Microsoft 365 ber oss vente litt. Prøv igjen om et øyeblikk.',
  'error.unavailable': 'Microsoft 365 svarer ikke akkurat nå. Prøv igjen om litt.',
  'error.network': 'Ingen forbindelse. Sjekk nettverket og prøv igjen.',
  'error.invalid-response': 'Microsoft 365 svarte noe vi ikke forstod.',
  'error.unknown': 'Noe gikk galt.',
  'error.reload': 'Last siden på nytt. Hjelper ikke det, kontakt systemansvarlig.',
} as const;

export type MessageKey = keyof typeof nb;

/** Every message key, for tests that check the catalogues against each other. */
export const messageKeys: readonly MessageKey[] = Object.keys(nb).filter(
  (key): key is MessageKey => key in nb,
);

const en: Record<MessageKey, string> = {
  'app.name': 'Elements tilgang',
  'app.tagline': 'Access management for Elements',
  'host.teams': 'Microsoft Teams',
  'host.outlook': 'Outlook',
  'host.workbench': 'the local workbench',
  'shell.runsIn': 'Running in {host}',
  'shell.signedInAs': 'Signed in as',
  'shell.loadingUser': 'Finding out who you are …',
  'shell.userError': 'We could not read who you are from Microsoft 365. {reason}',
  'shell.retry': 'Try again',
  'shell.noJobTitle': 'No job title',
  'shell.connecting': 'Connecting to {host} …',
  'home.welcome': 'Welcome, {name}',
  'home.intro':
    'Here leaders order Elements access for their staff, staff request access to folders exempt from public disclosure (unntatt offentlighet), and systemansvarlig handles requests and reviews.',
  'view.triage': 'Requests to handle',
  'view.triage.description': "Systemansvarlig's queue in Dokumentsenteret.",
  'view.reviews': 'Access reviews',
  'view.reviews.description': 'Quarterly and annual reviews of who has access.',
  'view.review': 'Access review',
  'view.review.description': 'Answer the review of your access here.',
  'workbench.signInAs': 'Sign in as',
  'workbench.theme': 'Theme',
  'workbench.language': 'Language',
  'workbench.identitiesError': 'Could not find the demo directory in the local emulator.',
  'theme.light': 'Light',
  'theme.dark': 'Dark',
  'theme.contrast': 'High contrast',
  'language.nb': 'Norsk bokmål',
  'language.en': 'English',
  'notInHost.teams.title': 'Open Elements tilgang in Microsoft Teams',
  'notInHost.teams.body':
    'This page is a Teams tab and only works there. Open the “Elements tilgang” app in Teams.',
  'notInHost.outlook.title': 'Open Elements tilgang in Outlook',
  'notInHost.outlook.body':
    'This is an Outlook add-in. Open the access-review e-mail in Outlook and choose “Elements tilgang” on the ribbon.',
  'notInHost.sdkMissing':
    'The Outlook library (office.js) did not load. Check your network connection and reload the page.',
  'config.title': 'Set up the tab',
  'config.intro': 'Choose what the tab shows in the channel, then select “Save”.',
  'config.viewLabel': 'View',
  'configError.title': 'The app is not configured correctly',
  'configError.body':
    'Whoever runs the app must correct these settings (see .env.example) and rebuild:',
  'error.unauthenticated': 'Your sign-in has expired. Reload the page.',
  'error.forbidden': 'You do not have access to this.',
  'error.not-team-member': 'You are not a member of the team, so you cannot post in its channel.',
  'error.not-found': 'What you asked for was not found.',
  'error.conflict': 'Someone else changed this at the same time. Reload and try again.',
  'error.throttled': 'Microsoft 365 asks us to wait a little. Try again in a moment.',
  'error.unavailable': 'Microsoft 365 is not answering right now. Try again shortly.',
  'error.network': 'No connection. Check your network and try again.',
  'error.invalid-response': 'Microsoft 365 gave an answer we did not understand.',
  'error.unknown': 'Something went wrong.',
  'error.reload': 'Reload the page. If that does not help, contact systemansvarlig.',
};

const catalogues: Record<Locale, Record<MessageKey, string>> = { nb, en };

/** Looks up a message and fills `{name}` placeholders. Unknown placeholders stay visible. */
export function translate(
  locale: Locale,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return catalogues[locale][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}
