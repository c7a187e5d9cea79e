import type { Locale } from './locale.ts';

/**
 * The domain's words: reasons the rules give, anomalies the folds report, and
 * labels for the domain's values. Norwegian bokmål is the source; English has
 * exactly the same keys and placeholders (a test checks). Domain words stay
 * Norwegian in both: systemansvarlig, arkivleder, tjenstlig behov,
 * personalsak, elevsak, barnesak, unntatt offentlighet.
 */
const nb = {
  'validation.required': 'Fyll ut feltet.',
  'validation.tooLong': 'Teksten er for lang.',
  'validation.date': 'Skriv en gyldig dato.',
  'validation.email': 'Skriv en gyldig e-postadresse.',
  'validation.endBeforeStart': 'Sluttdatoen kan ikke være før startdatoen.',
  'validation.invalid': 'Verdien er ikke gyldig.',

  'caseNumber.required': 'Skriv saksnummeret.',
  'caseNumber.format': 'Saksnummeret skrives år/løpenummer, for eksempel {example}.',
  'caseNumber.year': 'Året i saksnummeret må være mellom {min} og {max}.',
  'caseNumber.sequenceZero': 'Løpenummeret i saksnummeret kan ikke være 0.',
  'caseNumber.leadingZero': 'Løpenummeret skal skrives uten nuller foran.',
  'caseNumber.sequenceTooLong': 'Løpenummeret er for langt.',

  'catalogue.badId': 'Id-en kan bare ha små bokstaver a–z, tall og bindestrek.',
  'catalogue.badNoteKey': 'Merknaden finnes ikke i tekstkatalogen.',
  'catalogue.duplicateId': 'Id-en «{id}» finnes fra før.',
  'catalogue.unknownReference': '«{id}» finnes ikke i katalogen.',
  'catalogue.oneMainBase': 'Katalogen må ha nøyaktig én hovedbase.',
  'catalogue.unknownBase': 'Basen «{id}» finnes ikke.',
  'catalogue.unknownRole': 'Rollen «{id}» finnes ikke i Elements-katalogen.',
  'catalogue.unknownAccessCode': 'Tilgangskoden «{id}» finnes ikke.',
  'catalogue.note.bodoMainBase':
    'Bodø kommunes egen base. Dokumentsenteret er systemansvarlig og gjør arkivoppgavene.',
  'catalogue.note.pensjonskassenEphorte': 'Bruker ePhorte6 inntil videre.',
  'catalogue.note.pensjonskassenMotemodulen': 'Politisk sekretariat har arkivhjelp på møtemodulen.',
  'catalogue.note.ebyggesakSupport':
    'Daglige arkivoppgaver håndteres i Elements. Byggesak har tilgang til Sikri support og melder dit selv.',
  'catalogue.note.motemodulenSupport':
    'Daglige arkivoppgaver håndteres i Elements. Politisk sekretariat har tilgang til Sikri support og melder dit selv.',

  'request.roleRequired': 'Velg minst én rolle.',
  'request.removalReasonRequired': 'Velg om den ansatte slutter eller bytter jobb.',
  'campaign.kindRequired': 'Velg hva slags gjennomgang det er.',
  'campaign.decisionRequired': 'Velg «Behold» eller «Fjern».',
  'campaign.notSystemansvarlig': 'Bare systemansvarlig kan kjøre tilgangsgjennomganger.',
  'campaign.notFound': 'Fant ikke gjennomgangen.',
  'campaign.closed': 'Gjennomgangen er avsluttet.',
  'campaign.noLines': 'Gjennomgangen må ha minst én tilgangslinje.',
  'campaign.notYourLine': 'Du kan bare svare for din egen tilgang.',
  'campaign.lineNotFound': 'Tilgangslinjen finnes ikke i gjennomgangen.',
  'campaign.replyNotFound':
    'Svaret finnes ikke i postboksen for gjennomgangen. Bare svar som er kommet dit, kan registreres.',
  'campaign.replyNotFromPerson':
    'Svaret er ikke sendt fra adressen til personen gjennomgangen gjelder, og kan ikke registreres for henne eller ham.',
  'campaign.alreadyRemoved': 'Fjerningen er allerede bekreftet.',
  'campaign.notMailed': 'E-postene er ikke sendt ennå.',

  'import.empty':
    'Filen har ingen tilganger å importere. Den må ha en overskriftslinje og minst én linje under.',
  'import.tooLarge': 'Filen er for stor. Den kan være på høyst {max} MB.',
  'import.unclosedQuote':
    'Et anførselstegn (") som begynner på denne linjen, blir aldri avsluttet. Rett filen og prøv igjen.',
  'import.missingColumn.name':
    'Filen mangler en kolonne for navn. Første linje skal ha kolonnenavnene, for eksempel Navn;E-post;Organisasjon;Rettighet.',
  'import.missingColumn.email':
    'Filen mangler en kolonne for e-postadresse. Første linje skal ha kolonnenavnene, for eksempel Navn;E-post;Organisasjon;Rettighet.',
  'import.missingColumn.subUnit':
    'Filen mangler en kolonne for organisasjon eller underenhet. Første linje skal ha kolonnenavnene, for eksempel Navn;E-post;Organisasjon;Rettighet.',
  'import.missingColumn.right':
    'Filen mangler en kolonne for rettighet. Første linje skal ha kolonnenavnene, for eksempel Navn;E-post;Organisasjon;Rettighet.',
  'import.duplicateColumn':
    'Kolonnene «{first}» og «{second}» betyr det samme. Fjern den ene, eller gi den et annet navn.',
  'import.fieldCount':
    'Linjen har {found} kolonner, men overskriftslinjen har {expected}. Kanskje mangler det anførselstegn rundt en verdi med skilletegn i?',
  'import.required': 'Kolonnen «{column}» er tom.',
  'import.tooLong': 'Verdien i kolonnen «{column}» er for lang. Den kan ha høyst {max} tegn.',
  'import.badEmail': '«{value}» er ikke en gyldig e-postadresse.',
  'import.duplicate':
    'Linjen er lik linje {firstLine}: samme e-postadresse, organisasjon og rettighet.',
  'import.tooManyRows':
    'Filen har {count} tilgangslinjer, men høyst {max} kan importeres om gangen. Del filen i flere.',
  'delegation.selfDelegation': 'En leder kan ikke få delegert ansvar for seg selv.',

  'rule.r1.selfOrder':
    'Du kan ikke bestille tilgang til Elements for deg selv. Lederen din bestiller.',
  'rule.r1.notLeaderOf':
    'Du er ikke leder for {subject}, og har ikke delegert ansvar fra lederen. Tilgang bestilles av lederen.',
  'rule.r1.nobodysLeader':
    'Bare ledere, eller de som har fått delegert ansvar av lederens leder, kan bestille tilgang til Elements.',
  'rule.r2.serviceNeedMissing': 'Beskriv det tjenstlige behovet.',
  'rule.r2.serviceNeedTooShort':
    'Beskriv det tjenstlige behovet med minst {min} tegn: hvilke oppgaver krever tilgangen?',
  'rule.r2.serviceNeedTooLong': 'Beskrivelsen av tjenstlig behov kan være høyst {max} tegn.',
  'rule.r3.notSystemansvarlig':
    'Bare systemansvarlig i Dokumentsenteret kan behandle bestillinger.',
  'rule.r3.ownRequest':
    'Du kan ikke behandle en forespørsel du selv har sendt eller som gjelder deg.',
  'rule.r3.standingNotChecked':
    'Katalogen viser ikke lenger at den som bestilte, er leder for den ansatte. Kontroller at vedkommende var leder da bestillingen ble sendt, og kryss av for det før du godkjenner.',
  'rule.r4.justificationMissing': 'Skriv hvorfor du trenger tilgang til mappen.',
  'rule.r4.justificationTooShort':
    'Begrunnelsen må ha minst {min} tegn. Hver forespørsel vurderes for seg.',
  'rule.r4.justificationTooLong': 'Begrunnelsen kan være høyst {max} tegn.',
  'rule.r4.guidance.personalsak':
    'Personalsak: forklar hvilken rolle du har overfor den ansatte, og hvilke oppgaver som krever tilgang.',
  'rule.r4.guidance.elevsak':
    'Elevsak: forklar hvilken rolle du har overfor eleven, og hvilke oppgaver som krever tilgang.',
  'rule.r4.guidance.barnesak':
    'Barnesak: forklar hvilken rolle du har i saken, og hvilke oppgaver som krever tilgang.',
  'rule.r5.gradingRequired': 'Velg gradering: personalsak, elevsak eller barnesak.',
  'rule.r6.rightRequired': 'Velg lesetilgang eller skrivetilgang.',
  'rule.r6.grantExceedsRequest':
    'Det ble gitt skrivetilgang, men det var bare bedt om lesetilgang.',
  'rule.r6.readExplained': 'Lesetilgang: du kan åpne og lese dokumentene i mappen.',
  'rule.r6.writeExplained':
    'Skrivetilgang: du kan også registrere og endre dokumenter i mappen. Be bare om det hvis oppgavene krever det.',
  'rule.r7.folderOnly':
    'Tilgangen gjelder bare denne mappen. Tilgangsgruppen overføres ikke til alle journalpostene.',
  'rule.r8.leaderConfirmationMissing':
    'Lederen har ikke bekreftet det tjenstlige behovet skriftlig.',
  'rule.r8.arkivlederApprovalMissing': 'Arkivleder har ikke godkjent forespørselen.',
  'rule.r8.routeExplained':
    'Utvidet tilgang og sakseierskap til personalmapper går først til lederen for skriftlig bekreftelse, så til arkivleder og til slutt til systemansvarlig.',
  'rule.r9.referenceMissing':
    'Skriv referansen i Elements der bestillingen og tilgangen er arkivert.',
  'rule.r9.referenceFormat':
    'Referansen skrives som saksnummer eller journalpost, for eksempel {example}.',
  'rule.r10.periodRequired':
    'Eksterne konsulenter må ha en tidsbegrenset periode med start- og sluttdato.',
  'rule.r10.periodTooLong': 'Perioden kan være høyst {max} måneder.',
  'rule.r10.declarationNotConfirmed': 'Bekreft at konsulenten har signert taushetserklæring.',
  'rule.r10.declarationStorageMissing': 'Skriv hvor den signerte taushetserklæringen er lagret.',
  'rule.r10.agreedWithMissing': 'Velg hvilken systemansvarlig perioden er avtalt med.',
  'rule.r10.agreedWithNotSystemansvarlig': '{name} er ikke systemansvarlig.',
  'rule.r11.neverReviewed': 'Tilgangene til {module} er aldri gjennomgått. Start en gjennomgang.',
  'rule.r11.reviewDue': 'Tilgangene til {module} skal gjennomgås dette kvartalet, innen {due}.',
  'rule.r11.reviewOverdue': 'Gjennomgangen av {module} skulle vært gjort innen {due}.',
  'rule.r11.campaignPastDeadline': 'Gjennomgangen av {name} har passert fristen {deadline}.',
  'rule.r11.sendOnly': 'Den som bare sender manuelt, skal bare ha «send»-funksjonen i {module}.',
  'rule.r11.unknownRight': '{module} har ingen rettighet som heter «{right}».',
  'rule.r12.neverReviewed': 'Rollen {role} er aldri gjennomgått. Start en gjennomgang.',
  'rule.r12.reviewDueSoon': 'Rollen {role} skal gjennomgås innen {due}.',
  'rule.r12.reviewOverdue':
    'Den årlige gjennomgangen av rollen {role} skulle vært gjort innen {due}.',
  'rule.r12.campaignPastDeadline': 'Gjennomgangen av {name} har passert fristen {deadline}.',
  'rule.r13.notEntitled':
    'Mulig brudd på rutinen: {author} registrerte «{type}» uten å ha rett til det. Vurder å melde avvik i Kvalitetslosen.',
  'rule.r13.ownRequest':
    'Mulig brudd på rutinen: {author} behandlet en forespørsel som gjelder seg selv. Vurder å melde avvik i Kvalitetslosen.',
  'rule.r13.selfOrder':
    'Mulig brudd på rutinen: {author} bestilte tilgang for seg selv. Vurder å melde avvik i Kvalitetslosen.',
  'rule.r13.duplicateConflict':
    'Mulig brudd på rutinen: historikken har to ulike hendelser med samme id. Vurder å melde avvik i Kvalitetslosen.',
  'rule.r13.grantExceedsRequest':
    'Mulig brudd på rutinen: registrert tilgang er videre enn det som ble bedt om. Vurder å melde avvik i Kvalitetslosen.',
  'rule.r13.secondStage':
    'Mulig brudd på rutinen: {author} behandlet den samme forespørselen i to trinn. Vurder å melde avvik i Kvalitetslosen.',
  'rule.r13.tampered':
    'Mulig brudd på rutinen: historikken er endret etter at den ble skrevet («{type}», {at}). Vurder å melde avvik i Kvalitetslosen.',

  'anomaly.unparseable': 'Hendelsen kunne ikke leses.',
  'anomaly.notEntitled': 'Den som registrerte hendelsen, har ikke rett til dette steget.',
  'anomaly.ownRequest':
    'Ingen kan behandle en forespørsel de selv har sendt eller som gjelder dem.',
  'anomaly.selfOrder': 'Ingen kan bestille tilgang for seg selv.',
  'anomaly.duplicateConflict': 'En annen hendelse med samme id og annet innhold finnes.',
  'anomaly.duplicateSubmission': 'Forespørselen var allerede sendt inn.',
  'anomaly.afterFinal': 'Forespørselen var allerede avsluttet.',
  'anomaly.alreadyDecided': 'Dette steget var allerede avgjort av en annen.',
  'anomaly.outOfOrder': 'Steget kom i feil rekkefølge.',
  'anomaly.notApplicable': 'Steget gjelder ikke denne typen forespørsel.',
  'anomaly.wrongStream': 'Hendelsen hører til en annen forespørsel.',
  'anomaly.grantExceedsRequest': 'Registrert tilgang er videre enn det som ble bedt om.',
  'anomaly.unknownLine': 'Gjennomgangen har ingen slik tilgangslinje.',
  'anomaly.duplicateLine': 'Tilgangslinjen finnes allerede i gjennomgangen.',
  'anomaly.wrongList':
    'Hendelsen ligger i en liste der rollen til den som skrev den ikke er kontrollert. Den teller ikke.',
  'anomaly.secondStage':
    'Personen har allerede behandlet forespørselen i et annet trinn. Ett trinn per person.',
  'anomaly.notMigrated':
    'Hendelsen er fra før listene ble delt, og ble ikke flyttet. Enten ble den ikke godtatt da (den ville ikke telt før heller), eller flyttingen er ikke kjørt ferdig (npm run provision). Den teller ikke.',
  'anomaly.edited':
    'Hendelsen er endret av en eier etter at den ble skrevet (versjon {version}). Den teller, men er ikke slik den først ble skrevet.',
  'anomaly.missingEvent':
    'Steget bygde på {count} hendelse(r) som ikke lenger finnes i loggen. Noe er slettet.',
  'anomaly.backdated':
    'Tidspunktet for hendelsen er satt tilbake i tid. Den er lest i rekkefølgen listen lagret den.',
  'anomaly.noEvidence':
    'Svaret er registrert uten opplysningene fra postboksen (avsender og tidspunkt). Det teller ikke.',

  'status.submitted': 'Sendt',
  'status.awaiting-leader': 'Venter på leder',
  'status.awaiting-arkivleder': 'Venter på arkivleder',
  'status.awaiting-systemansvarlig': 'Venter på systemansvarlig',
  'status.needs-information': 'Trenger mer informasjon',
  'status.approved': 'Godkjent',
  'status.rejected': 'Avslått',
  'status.carried-out': 'Utført',
  'status.expired': 'Utløpt',
  'status.withdrawn': 'Trukket',

  'kind.order.new-user': 'Ny bruker',
  'kind.order.change': 'Endret tilgang',
  'kind.order.removal': 'Avsluttet tilgang',
  'kind.order.external-consultant': 'Ekstern konsulent',
  'kind.folder-access': 'Tilgang til mappe',
  'kind.extended-access': 'Utvidet tilgang',
  'kind.case-owner': 'Sakseier for personalmappe',

  'grading.personalsak': 'Personalsak',
  'grading.elevsak': 'Elevsak',
  'grading.barnesak': 'Barnesak',
  'right.read': 'Lesetilgang',
  'right.write': 'Skrivetilgang',
  'removalReason.leaver': 'Slutter',
  'removalReason.mover': 'Bytter jobb',

  'waiting.leader': 'Leder skal bekrefte det tjenstlige behovet',
  'waiting.arkivleder': 'Arkivleder skal vurdere',
  'waiting.systemansvarlig': 'Systemansvarlig skal behandle',
  'waiting.requester': 'Den som spurte, skal svare på et spørsmål',
  'waiting.send-to-atea': 'Systemansvarlig skal sende bestillingen til Atea',
  'waiting.carry-out': 'Systemansvarlig skal gi tilgangen i Elements',
  'waiting.remove-expired': 'Tilgangen er utløpt og skal fjernes',

  'capacity.requester': 'innsender',
  'capacity.leader': 'leder',
  'capacity.delegate': 'med delegert ansvar',
  'capacity.arkivleder': 'arkivleder',
  'capacity.systemansvarlig': 'systemansvarlig',

  'campaignKind.quarterly-module': 'Kvartalsvis gjennomgang av modul',
  'campaignKind.annual-role': 'Årlig gjennomgang av rolle',
  'campaignStatus.draft': 'Ikke sendt',
  'campaignStatus.open': 'Pågår',
  'campaignStatus.closed': 'Avsluttet',
  'reviewDecision.keep': 'Behold',
  'reviewDecision.remove': 'Fjern',
} as const;

export type DomainMessageKey = keyof typeof nb;

const en: Record<DomainMessageKey, string> = {
  'validation.required': 'Fill in this field.',
  'validation.tooLong': 'The text is too long.',
  'validation.date': 'Enter a valid date.',
  'validation.email': 'Enter a valid e-mail address.',
  'validation.endBeforeStart': 'The end date cannot be before the start date.',
  'validation.invalid': 'The value is not valid.',

  'caseNumber.required': 'Enter the case number.',
  'caseNumber.format': 'Case numbers are written year/number, for example {example}.',
  'caseNumber.year': 'The year in the case number must be between {min} and {max}.',
  'caseNumber.sequenceZero': 'The number in the case number cannot be 0.',
  'caseNumber.leadingZero': 'Write the number without leading zeros.',
  'caseNumber.sequenceTooLong': 'The number in the case number is too long.',

  'catalogue.badId': 'An id may only contain lower-case letters a–z, digits and hyphens.',
  'catalogue.badNoteKey': 'The note is not in the message catalogue.',
  'catalogue.duplicateId': 'The id “{id}” already exists.',
  'catalogue.unknownReference': '“{id}” is not in the catalogue.',
  'catalogue.oneMainBase': 'The catalogue must have exactly one main base.',
  'catalogue.unknownBase': 'There is no base “{id}”.',
  'catalogue.unknownRole': 'There is no Elements role “{id}” in the catalogue.',
  'catalogue.unknownAccessCode': 'There is no access code “{id}”.',
  'catalogue.note.bodoMainBase':
    "Bodø kommune's own base. Dokumentsenteret is systemansvarlig and does the archive work.",
  'catalogue.note.pensjonskassenEphorte': 'Uses ePhorte6 for the time being.',
  'catalogue.note.pensjonskassenMotemodulen':
    'Politisk sekretariat gives archive help on Møtemodulen.',
  'catalogue.note.ebyggesakSupport':
    'Daily archive tasks are handled in Elements. Byggesak has access to Sikri support and reports there itself.',
  'catalogue.note.motemodulenSupport':
    'Daily archive tasks are handled in Elements. Politisk sekretariat has access to Sikri support and reports there itself.',

  'request.roleRequired': 'Choose at least one role.',
  'request.removalReasonRequired':
    'Choose whether the employee is leaving or moving to another job.',
  'campaign.kindRequired': 'Choose the kind of review.',
  'campaign.decisionRequired': 'Choose “Keep” or “Remove”.',
  'campaign.notSystemansvarlig': 'Only systemansvarlig can run access reviews.',
  'campaign.notFound': 'The review was not found.',
  'campaign.closed': 'The review is closed.',
  'campaign.noLines': 'The review needs at least one access line.',
  'campaign.notYourLine': 'You can only answer for your own access.',
  'campaign.lineNotFound': 'The access line is not in the review.',
  'campaign.replyNotFound':
    'The reply is not in the review mailbox. Only replies that arrived there can be recorded.',
  'campaign.replyNotFromPerson':
    'The reply was not sent from the address of the person under review, and cannot be recorded for them.',
  'campaign.alreadyRemoved': 'The removal has already been confirmed.',
  'campaign.notMailed': 'The e-mails have not been sent yet.',

  'import.empty':
    'The file has no access lines to import. It needs a header line and at least one line below it.',
  'import.tooLarge': 'The file is too large. It can be at most {max} MB.',
  'import.unclosedQuote':
    'A quotation mark (") that begins on this line is never closed. Correct the file and try again.',
  'import.missingColumn.name':
    'The file has no column for the name. The first line must hold the column names, for example Navn;E-post;Organisasjon;Rettighet.',
  'import.missingColumn.email':
    'The file has no column for the e-mail address. The first line must hold the column names, for example Navn;E-post;Organisasjon;Rettighet.',
  'import.missingColumn.subUnit':
    'The file has no column for the organisation or sub-unit. The first line must hold the column names, for example Navn;E-post;Organisasjon;Rettighet.',
  'import.missingColumn.right':
    'The file has no column for the right. The first line must hold the column names, for example Navn;E-post;Organisasjon;Rettighet.',
  'import.duplicateColumn':
    'The columns “{first}” and “{second}” mean the same. Remove one of them, or rename it.',
  'import.fieldCount':
    'The line has {found} columns, but the header line has {expected}. Is a value containing the delimiter missing its quotation marks?',
  'import.required': 'The “{column}” column is empty.',
  'import.tooLong':
    'The value in the “{column}” column is too long. It can be at most {max} characters.',
  'import.badEmail': '“{value}” is not a valid e-mail address.',
  'import.duplicate':
    'The line repeats line {firstLine}: the same e-mail address, organisation and right.',
  'import.tooManyRows':
    'The file has {count} access lines, but at most {max} can be imported at a time. Split the file.',
  'delegation.selfDelegation': 'A leader cannot be given delegated responsibility for themselves.',

  'rule.r1.selfOrder': 'You cannot order Elements access for yourself. Your leader orders it.',
  'rule.r1.notLeaderOf':
    "You are not {subject}'s leader and hold no delegation from their leader. Access is ordered by the leader.",
  'rule.r1.nobodysLeader':
    "Only leaders, or those given delegated responsibility by the leader's own leader, can order Elements access.",
  'rule.r2.serviceNeedMissing': 'Describe the service need (tjenstlig behov).',
  'rule.r2.serviceNeedTooShort':
    'Describe the service need (tjenstlig behov) in at least {min} characters: which tasks need the access?',
  'rule.r2.serviceNeedTooLong':
    'The service need (tjenstlig behov) can be at most {max} characters.',
  'rule.r3.notSystemansvarlig': 'Only systemansvarlig in Dokumentsenteret can handle orders.',
  'rule.r3.ownRequest': 'You cannot handle a request you made yourself or that concerns you.',
  'rule.r3.standingNotChecked':
    'The directory no longer shows the orderer as the employee’s leader. Check that they were the leader when the order was sent, and tick that you have, before you approve.',
  'rule.r4.justificationMissing': 'Write why you need access to the folder.',
  'rule.r4.justificationTooShort':
    'The justification needs at least {min} characters. Each request is judged on its own.',
  'rule.r4.justificationTooLong': 'The justification can be at most {max} characters.',
  'rule.r4.guidance.personalsak':
    'Personalsak: explain your role towards the employee and which tasks need the access.',
  'rule.r4.guidance.elevsak':
    'Elevsak: explain your role towards the pupil and which tasks need the access.',
  'rule.r4.guidance.barnesak':
    'Barnesak: explain your role in the case and which tasks need the access.',
  'rule.r5.gradingRequired': 'Choose the grading: personalsak, elevsak or barnesak.',
  'rule.r6.rightRequired': 'Choose read access or write access.',
  'rule.r6.grantExceedsRequest': 'Write access was granted, but only read access was requested.',
  'rule.r6.readExplained': 'Read access: you can open and read the documents in the folder.',
  'rule.r6.writeExplained':
    'Write access: you can also register and change documents in the folder. Ask for it only if your tasks need it.',
  'rule.r7.folderOnly':
    'The access applies to this folder only. The access group is not carried over to all its registry entries.',
  'rule.r8.leaderConfirmationMissing': 'The leader has not confirmed the service need in writing.',
  'rule.r8.arkivlederApprovalMissing': 'The arkivleder has not approved the request.',
  'rule.r8.routeExplained':
    'Extended access and case ownership of personnel folders go first to the leader for written confirmation, then to the arkivleder, and last to systemansvarlig.',
  'rule.r9.referenceMissing':
    'Enter the reference in Elements where the order and the access are archived.',
  'rule.r9.referenceFormat':
    'Write the reference as a case number or registry entry, for example {example}.',
  'rule.r10.periodRequired':
    'External consultants need a time-limited period with a start and end date.',
  'rule.r10.periodTooLong': 'The period can be at most {max} months.',
  'rule.r10.declarationNotConfirmed':
    'Confirm that the consultant has signed a confidentiality declaration (taushetserklæring).',
  'rule.r10.declarationStorageMissing':
    'Enter where the signed confidentiality declaration is kept.',
  'rule.r10.agreedWithMissing': 'Choose the systemansvarlig the period was agreed with.',
  'rule.r10.agreedWithNotSystemansvarlig': '{name} is not systemansvarlig.',
  'rule.r11.neverReviewed': 'Access to {module} has never been reviewed. Start a review.',
  'rule.r11.reviewDue': 'Access to {module} is to be reviewed this quarter, by {due}.',
  'rule.r11.reviewOverdue': 'The review of {module} should have been done by {due}.',
  'rule.r11.campaignPastDeadline': 'The review of {name} is past its deadline {deadline}.',
  'rule.r11.sendOnly':
    'Someone who only sends manually should have only the “send” function in {module}.',
  'rule.r11.unknownRight': '{module} has no right called “{right}”.',
  'rule.r12.neverReviewed': 'The role {role} has never been reviewed. Start a review.',
  'rule.r12.reviewDueSoon': 'The role {role} is to be reviewed by {due}.',
  'rule.r12.reviewOverdue': 'The annual review of the role {role} should have been done by {due}.',
  'rule.r12.campaignPastDeadline': 'The review of {name} is past its deadline {deadline}.',
  'rule.r13.notEntitled':
    'Possible breach of the routine: {author} recorded “{type}” without being entitled to. Consider reporting a deviation in Kvalitetslosen.',
  'rule.r13.ownRequest':
    'Possible breach of the routine: {author} handled a request concerning themselves. Consider reporting a deviation in Kvalitetslosen.',
  'rule.r13.selfOrder':
    'Possible breach of the routine: {author} ordered access for themselves. Consider reporting a deviation in Kvalitetslosen.',
  'rule.r13.duplicateConflict':
    'Possible breach of the routine: the history holds two different events with the same id. Consider reporting a deviation in Kvalitetslosen.',
  'rule.r13.grantExceedsRequest':
    'Possible breach of the routine: the recorded access is wider than what was requested. Consider reporting a deviation in Kvalitetslosen.',
  'rule.r13.secondStage':
    'Possible breach of the routine: {author} handled the same request at two stages. Consider reporting a deviation in Kvalitetslosen.',
  'rule.r13.tampered':
    'Possible breach of the routine: the history was changed after it was written (“{type}”, {at}). Consider reporting a deviation in Kvalitetslosen.',

  'anomaly.unparseable': 'The event could not be read.',
  'anomaly.notEntitled': 'Whoever recorded the event is not entitled to this step.',
  'anomaly.ownRequest': 'Nobody can handle a request they made themselves or that concerns them.',
  'anomaly.selfOrder': 'Nobody can order access for themselves.',
  'anomaly.duplicateConflict': 'Another event with the same id and different content exists.',
  'anomaly.duplicateSubmission': 'The request had already been submitted.',
  'anomaly.afterFinal': 'The request had already been closed.',
  'anomaly.alreadyDecided': 'This step had already been decided by someone else.',
  'anomaly.outOfOrder': 'The step came out of order.',
  'anomaly.notApplicable': 'The step does not apply to this kind of request.',
  'anomaly.wrongStream': 'The event belongs to another request.',
  'anomaly.grantExceedsRequest': 'The recorded access is wider than what was requested.',
  'anomaly.unknownLine': 'The review has no such access line.',
  'anomaly.duplicateLine': 'The access line is already in the review.',
  'anomaly.wrongList':
    'The event is in a list where the role of whoever wrote it was not checked. It does not count.',
  'anomaly.secondStage':
    'This person already handled the request at another stage. One stage per person.',
  'anomaly.notMigrated':
    'The event dates from before the lists were split and was not moved. Either it did not count then either, or the migration has not finished (npm run provision). It does not count.',
  'anomaly.edited':
    'An owner changed the event after it was written (version {version}). It counts, but it is not as first written.',
  'anomaly.missingEvent':
    'The step was based on {count} event(s) no longer in the ledger. Something was deleted.',
  'anomaly.backdated': "The event's time was set back. It is read in the order its list stored it.",
  'anomaly.noEvidence':
    'The answer was recorded without what the mailbox showed (sender and time). It does not count.',

  'status.submitted': 'Submitted',
  'status.awaiting-leader': 'Awaiting leader',
  'status.awaiting-arkivleder': 'Awaiting arkivleder',
  'status.awaiting-systemansvarlig': 'Awaiting systemansvarlig',
  'status.needs-information': 'Needs more information',
  'status.approved': 'Approved',
  'status.rejected': 'Rejected',
  'status.carried-out': 'Carried out',
  'status.expired': 'Expired',
  'status.withdrawn': 'Withdrawn',

  'kind.order.new-user': 'New user',
  'kind.order.change': 'Changed access',
  'kind.order.removal': 'Access ended',
  'kind.order.external-consultant': 'External consultant',
  'kind.folder-access': 'Folder access',
  'kind.extended-access': 'Extended access',
  'kind.case-owner': 'Case owner of a personnel folder',

  'grading.personalsak': 'Personalsak',
  'grading.elevsak': 'Elevsak',
  'grading.barnesak': 'Barnesak',
  'right.read': 'Read access',
  'right.write': 'Write access',
  'removalReason.leaver': 'Leaving',
  'removalReason.mover': 'Moving to another job',

  'waiting.leader': 'The leader is to confirm the service need',
  'waiting.arkivleder': 'The arkivleder is to assess it',
  'waiting.systemansvarlig': 'Systemansvarlig is to handle it',
  'waiting.requester': 'The requester is to answer a question',
  'waiting.send-to-atea': 'Systemansvarlig is to send the order to Atea',
  'waiting.carry-out': 'Systemansvarlig is to grant the access in Elements',
  'waiting.remove-expired': 'The access has expired and is to be removed',

  'capacity.requester': 'requester',
  'capacity.leader': 'leader',
  'capacity.delegate': 'with delegated responsibility',
  'capacity.arkivleder': 'arkivleder',
  'capacity.systemansvarlig': 'systemansvarlig',

  'campaignKind.quarterly-module': 'Quarterly module review',
  'campaignKind.annual-role': 'Annual role review',
  'campaignStatus.draft': 'Not sent',
  'campaignStatus.open': 'In progress',
  'campaignStatus.closed': 'Closed',
  'reviewDecision.keep': 'Keep',
  'reviewDecision.remove': 'Remove',
};

export const domainMessages: Readonly<Record<Locale, Readonly<Record<DomainMessageKey, string>>>> =
  { nb, en };

const keySet: ReadonlySet<string> = new Set(Object.keys(nb));

export function isDomainMessageKey(value: string): value is DomainMessageKey {
  return keySet.has(value);
}

/** Every key, for the parity test and for tools. */
export const domainMessageKeys: readonly DomainMessageKey[] =
  Object.keys(nb).filter(isDomainMessageKey);

export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * Why something is refused or flagged: a message key and its parameters. The
 * UI renders it in the user's language; `field` names the form field it
 * belongs to, when it belongs to one.
 */
export interface Reason {
  readonly key: DomainMessageKey;
  readonly params?: MessageParams;
  readonly field?: string;
}

/** Renders a message; a placeholder without a value is left as written, so a gap is visible. */
export function formatMessage(
  locale: Locale,
  key: DomainMessageKey,
  params: MessageParams = {},
): string {
  return domainMessages[locale][key].replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}

export function formatReason(locale: Locale, reason: Reason): string {
  return formatMessage(locale, reason.key, reason.params);
}
