import { broadcastResponseToMainFrame } from '@azure/msal-browser/redirect-bridge';

/** The popup's landing page for MSAL's standard-flow fallback: pass the response back and close. */
void broadcastResponseToMainFrame();
