import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReactFlowProvider } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import './styles.css';
import { createApi } from './api/api-client.ts';
import { ApiContext } from './api/ApiContext.ts';
import { App } from './App.tsx';

// The runtime serves the editor and the API from one origin, so the API base is this origin.
const api = createApi('');

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ApiContext.Provider value={api}>
      <ReactFlowProvider>
        <App />
      </ReactFlowProvider>
    </ApiContext.Provider>
  </StrictMode>,
);
