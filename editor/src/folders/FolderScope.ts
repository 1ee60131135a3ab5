import { createContext, useContext } from 'react';

/** The stored graph a folder field belongs to (its relative input folders start from the graph's folder); null for a new graph. */
export const FolderScopeContext = createContext<{ graphId: string | null }>({ graphId: null });

export const useFolderScope = () => useContext(FolderScopeContext);
