import { Loader } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router';
import { useMe } from './api/hooks';
import { ErrorNotice } from './components/ErrorNotice';
import { Layout } from './components/Layout';
import { AdminPage } from './pages/AdminPage';
import { Catalog } from './pages/Catalog';
import { ClassesPage } from './pages/ClassesPage';
import { ClassPage } from './pages/ClassPage';
import { ExamPage } from './pages/ExamPage';
import { ExamReportPage } from './pages/ExamReportPage';
import { ExamsPage } from './pages/ExamsPage';
import { LabPlayer } from './pages/LabPlayer';
import { ProgressPage } from './pages/ProgressPage';
import { QuizPage } from './pages/QuizPage';
import { Register } from './pages/Register';
import { SignIn } from './pages/SignIn';

// The editor (Monaco) is large: loaded only when an author opens it.
const AuthorListPage = lazy(() =>
  import('./pages/AuthorListPage').then((m) => ({ default: m.AuthorListPage })),
);
const AuthorPage = lazy(() =>
  import('./pages/AuthorPage').then((m) => ({ default: m.AuthorPage })),
);

/** Signed out: the sign-in page; signed in: the catalog, labs, quizzes and progress. */
export function App() {
  const me = useMe();
  return (
    <Layout>
      {me.isPending ? (
        <Loader m="xl" />
      ) : me.error ? (
        <ErrorNotice error={me.error} />
      ) : !me.data ? (
        <Routes>
          <Route path="/register" element={<Register />} />
          <Route path="*" element={<SignIn />} />
        </Routes>
      ) : (
        <Routes>
          <Route path="/" element={<Catalog />} />
          <Route path="/labs/:labId" element={<LabPlayer />} />
          <Route path="/quizzes/:quizId" element={<QuizPage />} />
          <Route path="/progress" element={<ProgressPage />} />
          <Route path="/exams" element={<ExamsPage />} />
          <Route path="/exam-attempts/:attemptId" element={<ExamPage />} />
          <Route path="/exam-attempts/:attemptId/report" element={<ExamReportPage />} />
          <Route path="/classes" element={<ClassesPage />} />
          <Route path="/classes/:classId" element={<ClassPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route
            path="/author"
            element={
              <Suspense fallback={<Loader m="xl" />}>
                <AuthorListPage />
              </Suspense>
            }
          />
          <Route
            path="/author/:id"
            element={
              <Suspense fallback={<Loader m="xl" />}>
                <AuthorPage />
              </Suspense>
            }
          />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      )}
    </Layout>
  );
}
