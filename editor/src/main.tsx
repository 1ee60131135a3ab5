import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { createApi } from './api/api-client.ts';
import { ApiContext } from './api/ApiContext.ts';
import { App } from './App.tsx';
import { AuthChannel } from './auth/auth-channel.ts';
import { AuthGate } from './auth/AuthGate.tsx';
import { takeLoginToken } from './auth/take-login-token.ts';
import { startTheme } from './theme/theme.ts';

// First of all: a one-time login token leaves the address bar before anything renders or logs.
const loginToken = takeLoginToken(window.location, window.history);

// Before the first paint: the remembered theme, else the system's.
startTheme();

// The runtime serves the editor and the API from one origin, so the API base is this origin.
const channel = new AuthChannel();
const api = createApi('', channel);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <AuthGate api={api} channel={channel} loginToken={loginToken}>
        <ReactFlowProvider>
          <App />
        </ReactFlowProvider>
      </AuthGate>
    </ApiContext.Provider>
  </StrictMode>,
);
